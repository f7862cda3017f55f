import Fastify from 'fastify';

/**
 * The ceiling of the FHIR scenarios: bare fastify routes that answer a GET with a stored
 * resource's JSON and a POST with the JSON it was sent (parsed and serialized again), with
 * no routing of ours, no authentication, no database, no search index and no audit.
 */
const app = Fastify({ bodyLimit: 50 * 1024 * 1024 });
const body = process.env.BENCH_BODY ?? '{}';
app.addContentTypeParser('application/fhir+json', { parseAs: 'string' }, (_request, text, done) => {
  try {
    done(null, JSON.parse(text as string));
  } catch (error) {
    done(error as Error, undefined);
  }
});
app.get('/v1/*', async (_request, reply) => reply.header('content-type', 'application/fhir+json; charset=utf-8').send(body));
app.post('/v1/*', async (request, reply) => reply.code(201).header('content-type', 'application/fhir+json; charset=utf-8').send(JSON.stringify(request.body)));
const address = await app.listen({ host: '127.0.0.1', port: 0 });
console.log(`listening ${address}`);
process.on('SIGTERM', () => void app.close().then(() => process.exit(0)));
