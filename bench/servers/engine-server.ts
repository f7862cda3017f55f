import { loadServerConfig } from '../../config/load-server-config.ts';
import { startEngine } from '../../engine/main.ts';

/** The engine under test, on the config file named by BENCH_CONFIG. */
const engine = await startEngine(loadServerConfig(process.env.BENCH_CONFIG!));
console.log(`listening ${engine.url}`);
process.on('SIGTERM', () => void engine.stop().then(() => process.exit(0)));
