// Who the desk is to the operating system. Windows attributes a notification (an
// order settled, an approval awaiting you) to the AppUserModelID the process set:
// without one, toasts from the installed app may be dropped or shown as another
// app's. It must be the installer's appId (electron-builder.yml), which the NSIS
// shortcut carries; tests/integration/electron/launch.test.ts keeps the two equal.
export const APP_USER_MODEL_ID = 'io.kriptomat.desk';
