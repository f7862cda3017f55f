/** What the HTTP server reports per request; prom-client behind it (engine wiring). */
export interface HttpMetrics {
  observeRequest(method: string, route: string, status: number, seconds: number): void;
}
