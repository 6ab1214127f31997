import 'reflect-metadata';
import { apiPort } from '../infra/config/environment';
import { createApp } from './create-app';

async function main(): Promise<void> {
  const port = apiPort();
  const app = await createApp();
  await app.listen(port, process.env.API_HOST ?? '127.0.0.1');
  console.log(`api: listening on ${await app.getUrl()}`);
}

main().catch((error: unknown) => {
  console.error('api: fatal', error);
  process.exit(1);
});
