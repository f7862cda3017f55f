import { loadServerConfig } from '../../config/load-server-config.ts';
import { startEngine } from '../../engine/main.ts';

/** The engine as a separate process, for tests that kill it: prints its first MLLP port (a store listener's, else a channel's) and URL. */
const engine = await startEngine(loadServerConfig(process.env.PLEXUS_CONFIG!));
const channelPort = Number(/:(\d+)$/.exec([...engine.channels.values()][0]?.source.describe() ?? '')?.[1] ?? 0);
console.log(`listening ${engine.mllpPorts[0] ?? channelPort} ${engine.url}`);
process.on('SIGTERM', () => void engine.stop().then(() => process.exit(0)));
