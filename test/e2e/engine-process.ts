import { loadServerConfig } from '../../config/load-server-config.ts';
import { startEngine } from '../../engine/main.ts';

/** The engine as a separate process, for tests that kill it: prints its MLLP port and URL. */
const engine = await startEngine(loadServerConfig(process.env.PLEXUS_CONFIG!));
console.log(`listening ${engine.mllpPorts[0] ?? 0} ${engine.url}`);
process.on('SIGTERM', () => void engine.stop().then(() => process.exit(0)));
