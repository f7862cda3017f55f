import { loadServerConfig } from '../../config/load-server-config.ts';
import { startEngine } from '../../engine/main.ts';

/** The engine on BENCH_CONFIG, printing its first DIMSE port and its HTTP address. */
const engine = await startEngine(loadServerConfig(process.env.BENCH_CONFIG!));
console.log(`listening dicom://127.0.0.1:${engine.dimsePorts[0]} ${engine.url}`);
process.on('SIGTERM', () => void engine.stop().then(() => process.exit(0)));
