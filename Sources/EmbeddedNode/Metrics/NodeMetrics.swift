import CoreMetrics
import Foundation
import Prometheus

/// A node's metrics (swift-metrics, exported in Prometheus text format by swift-prometheus):
/// what `GET /metrics` answers. Counters and the commit-latency histogram move with each block
/// the node commits (`record(_:nowMs:)`); the gauges are read from the node when scraped
/// (`sample(_:scores:)`). Each node has its own registry, so several nodes in one process
/// (tests, the embedded consortium) do not mix their figures; nothing is bootstrapped globally.
///
/// | metric | kind | meaning |
/// |---|---|---|
/// | `fundchain_height` | gauge | the newest committed height |
/// | `fundchain_view` | gauge | the consensus view at the height being decided (0 without consensus) |
/// | `fundchain_view_changes_total` | counter | failed views recorded in the blocks committed since start |
/// | `fundchain_committed_blocks_total` | counter | blocks committed since start |
/// | `fundchain_committed_transactions_total` | counter | transactions committed since start (rate() gives tx/s) |
/// | `fundchain_mempool_transactions` | gauge | transactions waiting for a block |
/// | `fundchain_peers_connected` / `fundchain_peers_expected` | gauge | peer links up / configured |
/// | `fundchain_peer_connected{peer}` | gauge | 1 when the link to that peer is up |
/// | `fundchain_syncing` | gauge | 1 while catching up with peers |
/// | `fundchain_credit_score{validator}` | gauge | the validator's credit score (0...1) in force for the next height |
/// | `fundchain_commit_latency_seconds` | histogram | from a block's timestamp to this node storing it |
public final class NodeMetrics: Sendable {
    /// The histogram's bucket bounds.
    public static let commitLatencyBuckets: [Duration] = [
        .milliseconds(50), .milliseconds(100), .milliseconds(250), .milliseconds(500), .seconds(1), .milliseconds(2_500),
        .seconds(5), .seconds(10), .seconds(30), .seconds(60),
    ]

    private let registry = PrometheusCollectorRegistry()
    private let factory: PrometheusMetricsFactory
    private let height: CoreMetrics.Gauge
    private let view: CoreMetrics.Gauge
    private let viewChanges: CoreMetrics.Counter
    private let committedBlocks: CoreMetrics.Counter
    private let committedTransactions: CoreMetrics.Counter
    private let mempool: CoreMetrics.Gauge
    private let peersConnected: CoreMetrics.Gauge
    private let peersExpected: CoreMetrics.Gauge
    private let syncing: CoreMetrics.Gauge
    private let commitLatency: CoreMetrics.Timer

    /// Creates the metrics, all at zero.
    public init() {
        var factory = PrometheusMetricsFactory(registry: registry)
        factory.durationHistogramBuckets["fundchain_commit_latency_seconds"] = Self.commitLatencyBuckets
        self.factory = factory
        height = CoreMetrics.Gauge(label: "fundchain_height", factory: factory)
        view = CoreMetrics.Gauge(label: "fundchain_view", factory: factory)
        viewChanges = CoreMetrics.Counter(label: "fundchain_view_changes_total", factory: factory)
        committedBlocks = CoreMetrics.Counter(label: "fundchain_committed_blocks_total", factory: factory)
        committedTransactions = CoreMetrics.Counter(label: "fundchain_committed_transactions_total", factory: factory)
        mempool = CoreMetrics.Gauge(label: "fundchain_mempool_transactions", factory: factory)
        peersConnected = CoreMetrics.Gauge(label: "fundchain_peers_connected", factory: factory)
        peersExpected = CoreMetrics.Gauge(label: "fundchain_peers_expected", factory: factory)
        syncing = CoreMetrics.Gauge(label: "fundchain_syncing", factory: factory)
        commitLatency = CoreMetrics.Timer(label: "fundchain_commit_latency_seconds", factory: factory)
    }

    /// Counts a block this node committed, `nowMs` being the moment it was stored.
    public func record(_ committed: CommittedBlock, nowMs: Int64) {
        let header = committed.block.header
        committedBlocks.increment()
        committedTransactions.increment(by: Int64(committed.block.transactions.count))
        viewChanges.increment(by: header.view)
        commitLatency.recordMilliseconds(max(0, nowMs - header.timestampMs))
        height.record(header.height)
    }

    /// Sets the gauges from the node's health and the score table in force.
    public func sample(_ health: NodeHealth, scores: CreditScoreTable) {
        height.record(health.tipHeight)
        view.record(health.view ?? 0)
        mempool.record(health.mempoolCount)
        peersConnected.record(health.peerLinks.filter(\.isConnected).count)
        peersExpected.record(health.peersExpected)
        syncing.record(health.isSyncing ? 1 : 0)
        for link in health.peerLinks {
            CoreMetrics.Gauge(label: "fundchain_peer_connected", dimensions: [("peer", link.organisationID)], factory: factory).record(link.isConnected ? 1 : 0)
        }
        for entry in scores.entries {
            CoreMetrics.Gauge(label: "fundchain_credit_score", dimensions: [("validator", entry.validatorID)], factory: factory)
                .record(Double(entry.score) / Double(CreditScoreSettings.scale))
        }
    }

    /// Every metric in the Prometheus text exposition format (version 0.0.4).
    public func exposition() -> String { registry.emitToString() }
}
