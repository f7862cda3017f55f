import { loadServerConfig } from '../../config/load-server-config.ts';
import { startEngine } from '../../engine/main.ts';

/** The engine on BENCH_CONFIG, printing its first DIMSE port (a plexus.yaml listener's, or else the first channel's DIMSE source's) and its HTTP address. */
const engine = await startEngine(loadServerConfig(process.env.BENCH_CONFIG!));
const channelSource = [...engine.channels.values()].find((channel) => channel.source.type === 'dimse')?.source.describe();
const port = engine.dimsePorts[0] ?? Number(/:(\d+)$/.exec(channelSource ?? '')?.[1]);
console.log(`listening dicom://127.0.0.1:${port} ${engine.url}`);
process.on('SIGTERM', () => void engine.stop().then(() => process.exit(0)));
