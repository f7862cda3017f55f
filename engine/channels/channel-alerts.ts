import type { AlertsConfig } from '../../config/channel-config.ts';
import type { Logger } from '../logger.ts';
import type { ChannelRuntime } from './channel-runtime.ts';

/** An alert's start or end, as it is sent and logged. */
export interface ChannelAlert {
  channel: string;
  /** `errorRate`, `queueDepth:DESTINATION` or `idle`. */
  alert: string;
  state: 'FIRING' | 'RESOLVED';
  value: number;
  threshold: number;
  time: string;
}

/** Sends an alert where the channel's `alerts.notify` says; failures are logged, not retried. */
export type AlertSink = (alert: ChannelAlert) => Promise<void>;

interface Reading {
  alert: string;
  value: number;
  threshold: number;
  firing: boolean;
}

/**
 * Watches a channel's conditions (DESIGN: operating it): the errored share of recent
 * messages, each forward queue's depth, and silence. An alert is announced when its
 * condition starts (FIRING) and when it ends (RESOLVED), not on every check.
 */
export class ChannelAlerts {
  private readonly firing = new Set<string>();
  private timer: NodeJS.Timeout | null = null;
  private checking: Promise<void> | null = null;

  constructor(
    private readonly resource: string,
    private readonly config: AlertsConfig,
    private readonly runtimes: readonly ChannelRuntime[],
    private readonly sink: AlertSink,
    private readonly logger: Logger,
  ) {}

  start(): void {
    this.timer = setInterval(() => void this.check(), this.config.checkIntervalSeconds * 1000);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    await this.checking;
  }

  /** One round of checks (also run by the timer). */
  check(): Promise<void> {
    this.checking ??= this.readAll()
      .then((readings) => Promise.all(readings.map((reading) => this.settle(reading))))
      .then(() => undefined)
      .catch((error: unknown) => this.logger.error({ err: error, channel: this.resource }, 'channel alerts could not be checked'))
      .finally(() => {
        this.checking = null;
      });
    return this.checking;
  }

  private async readAll(): Promise<Reading[]> {
    const readings: Reading[] = [];
    const { errorRate, queueDepth, idle } = this.config;
    if (errorRate) {
      const counts = (await Promise.all(this.runtimes.map((r) => r.minuteCounts(errorRate.minutes / 60)))).flat();
      const received = counts.reduce((sum, c) => sum + c.received, 0);
      const rate = received === 0 ? 0 : counts.reduce((sum, c) => sum + c.errored, 0) / received;
      readings.push({ alert: 'errorRate', value: rate, threshold: errorRate.threshold, firing: received >= errorRate.minMessages && rate >= errorRate.threshold });
    }
    if (queueDepth) {
      const depths = new Map<string, number>();
      for (const runtime of this.runtimes) {
        for (const [destination, depth] of await runtime.queueDepths()) depths.set(destination, (depths.get(destination) ?? 0) + depth);
      }
      for (const [destination, depth] of depths) readings.push({ alert: `queueDepth:${destination}`, value: depth, threshold: queueDepth.threshold, firing: depth >= queueDepth.threshold });
    }
    if (idle) {
      const minutes = (Date.now() - Math.max(...this.runtimes.map((r) => r.lastReceivedAt))) / 60_000;
      readings.push({ alert: 'idle', value: Math.floor(minutes), threshold: idle.minutes, firing: minutes >= idle.minutes });
    }
    return readings;
  }

  private async settle(reading: Reading): Promise<void> {
    if (reading.firing === this.firing.has(reading.alert)) return;
    if (reading.firing) this.firing.add(reading.alert);
    else this.firing.delete(reading.alert);
    const alert: ChannelAlert = { channel: this.resource, alert: reading.alert, state: reading.firing ? 'FIRING' : 'RESOLVED', value: reading.value, threshold: reading.threshold, time: new Date().toISOString() };
    this.logger[reading.firing ? 'warn' : 'info'](alert, `channel alert ${alert.alert} ${alert.state.toLowerCase()}`);
    try {
      await this.sink(alert);
    } catch (error) {
      this.logger.error({ err: error, channel: this.resource, alert: alert.alert }, 'a channel alert could not be sent');
    }
  }
}
