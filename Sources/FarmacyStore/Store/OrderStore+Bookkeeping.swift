import FarmacyDomain
import Foundation
import GRDB

// MARK: - Cache with TTL, sync cursors, inventory reservations

extension OrderStore {
  /// The cached value for `key`, or `nil` when missing or expired at `now`.
  package func cachedValue(forKey key: String, now: Date) throws -> Data? {
    try read { db in
      try Data.fetchOne(
        db, sql: "SELECT value FROM cache_entry WHERE key = ? AND expires_at_ms > ?",
        arguments: [key, OrderRow.milliseconds(now)])
    }
  }

  /// Stores `value` under `key` until `now + ttl`.
  package func cache(_ value: Data, forKey key: String, ttl: Duration, now: Date) throws {
    let nowMs = OrderRow.milliseconds(now)
    let ttlMs = ttl.components.seconds * 1000 + ttl.components.attoseconds / 1_000_000_000_000_000
    try write { db in
      try db.execute(
        sql: """
          INSERT INTO cache_entry (key, value, stored_at_ms, expires_at_ms) VALUES (?, ?, ?, ?)
          ON CONFLICT(key) DO UPDATE SET value = excluded.value, stored_at_ms = excluded.stored_at_ms,
            expires_at_ms = excluded.expires_at_ms
          """, arguments: [key, value, nowMs, nowMs + ttlMs])
    }
  }

  /// Drops cached values whose key starts with `prefix` (all when empty); returns how many.
  @discardableResult
  package func invalidateCache(prefix: String = "") throws -> Int {
    try write { db in
      try db.execute(
        sql: "DELETE FROM cache_entry WHERE key LIKE ? ESCAPE '\\'", arguments: [Self.escapeLike(prefix) + "%"])
      return db.changesCount
    }
  }

  /// Deletes expired cache entries; returns how many.
  @discardableResult
  package func purgeExpiredCache(now: Date) throws -> Int {
    try write { db in
      try db.execute(sql: "DELETE FROM cache_entry WHERE expires_at_ms <= ?", arguments: [OrderRow.milliseconds(now)])
      return db.changesCount
    }
  }

  /// A sync cursor: the server-time watermark and last id reached by an incremental pull.
  package struct SyncCursor: Hashable, Sendable {
    package var name: String
    /// Odoo's `write_date` text of the newest record pulled.
    package var watermark: String?
    package var lastID: Int?
    package var updatedAt: Date
  }

  package func syncCursor(named name: String) throws -> SyncCursor? {
    try read { db in
      try Row.fetchOne(
        db, sql: "SELECT name, watermark, last_id, updated_at_ms FROM sync_cursor WHERE name = ?", arguments: [name]
      ).map { SyncCursor(name: $0[0], watermark: $0[1], lastID: $0[2], updatedAt: Self.date(ms: $0[3])) }
    }
  }

  package func setSyncCursor(named name: String, watermark: String?, lastID: Int?, now: Date) throws {
    try write { db in
      try db.execute(
        sql: """
          INSERT INTO sync_cursor (name, watermark, last_id, updated_at_ms) VALUES (?, ?, ?, ?)
          ON CONFLICT(name) DO UPDATE SET watermark = excluded.watermark, last_id = excluded.last_id,
            updated_at_ms = excluded.updated_at_ms
          """, arguments: [name, watermark, lastID, OrderRow.milliseconds(now)])
    }
  }

  /// Holds stock for every line of an order (the saga's "reserve inventory" step).
  ///
  /// Idempotent: lines already held are left alone. Returns the quantity held per product.
  @discardableResult
  package func reserveInventory(orderID: UUID, now: Date) throws -> [Product.ID: Quantity] {
    try write { db in
      guard let stored = try Self.fetchStoredOrder(db, uuid: orderID) else {
        throw StoreError(code: .notFound, path: path, detail: "no order with id \(orderID)")
      }
      let nowMs = OrderRow.milliseconds(now)
      var held: [Product.ID: Quantity] = [:]
      for line in stored.order.lines {
        let already = try Bool.fetchOne(
          db, sql: "SELECT 1 FROM reservation WHERE order_id = ? AND line_uuid = ? AND state = 'held'",
          arguments: [stored.rowID, line.id.uuidString.lowercased()]) ?? false
        if !already {
          try db.execute(
            sql: """
              INSERT INTO reservation (order_id, line_uuid, product_id, quantity_milli, state, created_at_ms, updated_at_ms)
              VALUES (?, ?, ?, ?, 'held', ?, ?)
              """,
            arguments: [
              stored.rowID, line.id.uuidString.lowercased(), line.productID, line.quantity.thousandths, nowMs, nowMs,
            ])
        }
        if let productID = line.productID {
          held[productID, default: 0].thousandths += line.quantity.thousandths
        }
      }
      return held
    }
  }

  /// Releases every held reservation of an order (the saga's compensation); returns how many.
  @discardableResult
  package func releaseInventory(orderID: UUID, now: Date) throws -> Int {
    try write { db in
      try db.execute(
        sql: """
          UPDATE reservation SET state = 'released', updated_at_ms = ?
          WHERE state = 'held' AND order_id = (SELECT id FROM purchase_order WHERE uuid = ?)
          """, arguments: [OrderRow.milliseconds(now), orderID.uuidString.lowercased()])
      return db.changesCount
    }
  }

  /// Marks an order's held reservations consumed (the order reached Odoo confirmed); returns how many.
  @discardableResult
  package func consumeInventory(orderID: UUID, now: Date) throws -> Int {
    try write { db in
      try db.execute(
        sql: """
          UPDATE reservation SET state = 'consumed', updated_at_ms = ?
          WHERE state = 'held' AND order_id = (SELECT id FROM purchase_order WHERE uuid = ?)
          """, arguments: [OrderRow.milliseconds(now), orderID.uuidString.lowercased()])
      return db.changesCount
    }
  }

  /// Reservations of an order by state.
  package func reservationCounts(orderID: UUID) throws -> [String: Int] {
    try read { db in
      var counts: [String: Int] = [:]
      for row in try Row.fetchAll(
        db,
        sql: """
          SELECT state, count(*) FROM reservation WHERE order_id = (SELECT id FROM purchase_order WHERE uuid = ?)
          GROUP BY state
          """, arguments: [orderID.uuidString.lowercased()])
      {
        counts[row[0]] = row[1]
      }
      return counts
    }
  }

  /// Quantity of a product currently held by reservations.
  package func reservedQuantity(productID: Product.ID) throws -> Quantity {
    try read { db in
      Quantity(
        thousandths: try Int64.fetchOne(
          db, sql: "SELECT ifnull(sum(quantity_milli), 0) FROM reservation WHERE product_id = ? AND state = 'held'",
          arguments: [productID]) ?? 0)
    }
  }
}
