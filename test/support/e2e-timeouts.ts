// A real n8n takes seconds to start and import workflows. Jest's project-level `testTimeout` does
// not reach `beforeAll`/`afterAll` hooks, so the e2e suite sets its default timeout here instead.
jest.setTimeout(180_000);
