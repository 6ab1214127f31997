/**
 * The Temporal server and Web UI that the production shape runs, tested here and pinned in
 * docker-compose.yml (a unit test holds the compose images to these, so the two cannot drift).
 *
 * v1.31.2 is the newest server `go install` builds with Go 1.26.8 from the module proxy: v1.31.3 and
 * v1.31.4 need `go.temporal.io/auto-scaled-workers@v0.0.0-1.31.2`, which the proxy refuses; v1.31.5
 * and v1.32.2 need Go 1.26.10. The UI server's v2.55.0 is the newest that Go 1.26.8 builds.
 */
export const temporalServerVersion = 'v1.31.2';
export const temporalUiVersion = 'v2.55.0';
