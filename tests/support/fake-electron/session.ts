// The fake `session.defaultSession`: keeps the permission handlers and the
// response-header hook the app installs, so a test can ask them what Electron would.
import type {
  HeadersReceivedResponse,
  OnHeadersReceivedListenerDetails,
  Session,
  WebContents,
  WebRequest,
  WebRequestFilter,
} from 'electron';

type RequestHandler = Parameters<Session['setPermissionRequestHandler']>[0];
type CheckHandler = Parameters<Session['setPermissionCheckHandler']>[0];
type Permission = Parameters<NonNullable<CheckHandler>>[1];
// The last overload (listener only) is what Parameters<> sees.
type HeadersListener = Parameters<WebRequest['onHeadersReceived']>[0];

class FakeWebRequest implements Pick<WebRequest, 'onHeadersReceived'> {
  headersListener: HeadersListener = null;

  onHeadersReceived(listener: HeadersListener): void;
  onHeadersReceived(filter: WebRequestFilter, listener: HeadersListener): void;
  onHeadersReceived(...args: unknown[]): void {
    this.headersListener = (args.length === 1 ? args[0] : args[1]) as HeadersListener;
  }

  /** A response as Chromium would pass it through the hook: the headers the page gets. */
  receive(url: string, responseHeaders: Record<string, string[]>): Promise<HeadersReceivedResponse> {
    const listener = this.headersListener;
    if (!listener) return Promise.resolve({ responseHeaders });
    const details: OnHeadersReceivedListenerDetails = {
      id: 1,
      url,
      method: 'GET',
      resourceType: 'mainFrame',
      referrer: '',
      timestamp: Date.now(),
      statusLine: 'HTTP/1.1 200 OK',
      statusCode: 200,
      responseHeaders,
    };
    return new Promise((resolve) => listener(details, resolve));
  }
}

export class FakeSession implements Pick<Session, 'setPermissionRequestHandler' | 'setPermissionCheckHandler'> {
  readonly webRequest = new FakeWebRequest();
  requestHandler: RequestHandler = null;
  checkHandler: CheckHandler = null;

  setPermissionRequestHandler(handler: RequestHandler): void {
    this.requestHandler = handler;
  }

  setPermissionCheckHandler(handler: CheckHandler): void {
    this.checkHandler = handler;
  }

  /** A page asks for a permission: Electron grants everything when no handler is set. */
  requestPermission(contents: WebContents, permission: Permission): Promise<boolean> {
    const handler = this.requestHandler;
    if (!handler) return Promise.resolve(true);
    return new Promise((resolve) => handler(contents, permission, resolve, { requestingUrl: contents.getURL(), isMainFrame: true }));
  }

  checkPermission(contents: WebContents | null, permission: Permission): boolean {
    const handler = this.checkHandler;
    if (!handler) return true;
    const origin = contents ? new URL(contents.getURL()).origin : '';
    return handler(contents, permission, origin, { isMainFrame: true, requestingUrl: contents?.getURL() ?? '' });
  }
}
