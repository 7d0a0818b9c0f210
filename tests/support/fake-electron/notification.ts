// The fake Notification: every one shown is recorded with its options.
import { EventEmitter } from 'node:events';
import type { Notification, NotificationConstructorOptions } from 'electron';

export function fakeNotificationClass(shown: NotificationConstructorOptions[]) {
  return class FakeNotification extends EventEmitter implements Pick<Notification, 'show' | 'close'> {
    static isSupported(): boolean {
      return true;
    }

    constructor(readonly options: NotificationConstructorOptions = {}) {
      super();
    }

    show(): void {
      shown.push(this.options);
      this.emit('show', {});
    }

    close(): void {
      this.emit('close', {});
    }
  };
}
