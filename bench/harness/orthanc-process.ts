import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { acceptsConnections, freePort, startCommandProcess } from './command-process.ts';
import type { ServerProcess } from './server-process.ts';

const ORTHANC = '/usr/sbin/Orthanc';
const DICOMWEB_PLUGIN = '/usr/share/orthanc/plugins/libOrthancDicomWeb.so';
export const ORTHANC_AE_TITLE = 'ORTHANC';

export interface OrthancProcess extends ServerProcess {
  dicomPort: number;
}

/**
 * Debian's Orthanc with its DICOMweb plugin, on loopback, with its SQLite index and storage
 * in `dir`, on free high ports, TCP_NODELAY=1 for its dcmtk network layer, every store
 * accepted. Settings are Orthanc's defaults otherwise (full study metadata read from the
 * files, no storage compression).
 */
export async function startOrthanc(dir: string): Promise<OrthancProcess> {
  mkdirSync(dir, { recursive: true });
  const httpPort = await freePort();
  const dicomPort = await freePort();
  const config = join(dir, 'orthanc.json');
  writeFileSync(config, JSON.stringify({
    Name: 'plexus-bench',
    StorageDirectory: join(dir, 'storage'),
    IndexDirectory: join(dir, 'index'),
    HttpPort: httpPort,
    DicomPort: dicomPort,
    DicomAet: ORTHANC_AE_TITLE,
    AuthenticationEnabled: false,
    RemoteAccessAllowed: false,
    Plugins: [DICOMWEB_PLUGIN],
    DicomWeb: { Enable: true, Root: '/dicom-web/' },
    DicomModalities: {},
    DicomAlwaysAllowStore: true,
    DicomCheckCalledAet: false,
    UnknownSopClassAccepted: true,
  }, null, 2));
  const url = `http://127.0.0.1:${httpPort}`;
  const server = await startCommandProcess(ORTHANC, [config], {
    env: { TCP_NODELAY: '1' },
    url,
    logFile: join(dir, 'orthanc.log'),
    ready: async () => (await acceptsConnections(dicomPort)) && (await fetch(`${url}/system`).then((r) => r.ok, () => false)),
  });
  return { ...server, dicomPort };
}
