import Fastify from 'fastify';

/**
 * The ceiling: a bare fastify route returning the same JSON a dataset GET returns,
 * with no routing of ours, no authentication, no database and no audit.
 */
const app = Fastify();
const body = JSON.parse(process.env.BENCH_BODY ?? '{}');
app.get('/v1/*', async (_request, reply) => reply.header('content-type', 'application/json; charset=utf-8').send(JSON.stringify(body)));
const address = await app.listen({ host: '127.0.0.1', port: 0 });
console.log(`listening ${address}`);
process.on('SIGTERM', () => void app.close().then(() => process.exit(0)));
