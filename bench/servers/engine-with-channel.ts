import { loadServerConfig } from '../../config/load-server-config.ts';
import { startEngine } from '../../engine/main.ts';

/**
 * The engine on BENCH_CONFIG, printing the bound MLLP port of channel BENCH_CHANNEL (its
 * resource name) as the address to load; an MLLP source describes itself as `host:port`.
 */
const engine = await startEngine(loadServerConfig(process.env.BENCH_CONFIG!));
const channel = engine.channels.get(process.env.BENCH_CHANNEL!);
const port = channel?.source.type === 'mllp' ? /:(\d+)$/.exec(channel.source.describe())?.[1] : undefined;
if (!port) throw new Error(`no channel ${process.env.BENCH_CHANNEL} with an MLLP source in ${process.env.BENCH_CONFIG}`);
console.log(`listening mllp://127.0.0.1:${port} ${engine.url}`);
process.on('SIGTERM', () => void engine.stop().then(() => process.exit(0)));
