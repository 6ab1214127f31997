import { randomBytes } from 'node:crypto';
import { agentKey, call, killHard, requireCluster, restarted } from '../helpers/cluster-under-test';

/** An API process killed (`kill -9`): the other keeps serving, and the supervisor brings it back. */
describe('an API process killed', () => {
  const cluster = requireCluster();
  const suffix = randomBytes(4).toString('hex');

  it('leaves the other API serving every request', async () => {
    const [killed, survivor] = cluster.apis;
    const key = await agentKey(cluster, survivor.url);
    const oldPid = killHard(cluster, killed.name);
    expect((await call(killed.url, 'GET', '/health', { key })).status).toBe(0);

    for (let index = 0; index < 5; index += 1) {
      const opened = await call(survivor.url, 'POST', '/tickets', {
        key,
        body: {
          policy: 'syneto',
          plan: 'mission-critical',
          priority: 'P3',
          organisation: `org-${suffix}`,
          subject: `While api-1 is down ${index}`,
          customerEmail: 'it@example.test',
        },
      });
      expect(opened.status).toBe(201);
      const read = await call(survivor.url, 'GET', `/tickets/${opened.body.ticketId}`, { key });
      expect(read.status).toBe(200);
      expect(read.body).toMatchObject({ ticketId: opened.body.ticketId, status: 'new' });
    }

    await restarted(cluster, killed.name, oldPid);
    let health = await call(killed.url, 'GET', '/health', { key });
    for (let tries = 0; health.status !== 200 && tries < 120; tries += 1) {
      await new Promise((resolve) => setTimeout(resolve, 500));
      health = await call(killed.url, 'GET', '/health', { key });
    }
    expect(health.status).toBe(200);
  }, 120_000);
});
