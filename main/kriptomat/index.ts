// The Kriptomat Partner API client: typed endpoints, one error type, paging.
export { createKriptomatClient, type KriptomatClient, type KriptomatClientOptions } from './client';
export { KriptomatError, isKriptomatError, parseErrorBody, type KriptomatErrorKind, type KriptomatErrorInit } from './errors';
export { ENDPOINT_NAMES, type EndpointName } from './endpoints';
export { fetchAllPages, type FetchAllPagesOptions, type PageOf, type PageProgress } from './pagination';
export type { FetchLike, TransportOptions, RetryMode } from './transport';
export type { RetryOptions } from './retry';
export { normalizeBaseUrl } from './url';
