// The conformance suite against the desk's own SQLite store (Solo), on a temp file.
import { openDeskStore } from '../../../main/store/sqlite/adapter';
import { AUDIT_CSV_COLUMNS } from '../../../main/store/sqlite';
import { tempDir } from '../store/temp-store';
import { describeDeskStorePort } from './conformance';

describeDeskStorePort('SQLite (Solo)', async () => {
  const dir = tempDir();
  const port = openDeskStore(dir.file());
  let closed = false;
  const close = port.close.bind(port);
  port.close = async () => {
    closed = true;
    await close();
  };
  return {
    port,
    profileId: 'staging',
    otherProfileId: 'production',
    capabilities: {
      callerChosenKeys: true,
      auditWho: { from: 'desk' },
      auditClock: 'desk',
      auditCsvHeader: AUDIT_CSV_COLUMNS.join(','),
      refusedProfiles: [],
      rates: 'own',
    },
    async dispose() {
      if (!closed) await port.close();
      dir.remove();
    },
  };
});
