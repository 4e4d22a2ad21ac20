import GRDB

/// The schema, as an append-only list of migrations.
///
/// Rules (see docs/store.md): a migration that has shipped is never edited; its SQL is written
/// out literally, never derived from record types; each runs in its own transaction. To change
/// the schema, append a migration.
enum StoreMigrations {
  static var migrator: DatabaseMigrator {
    var migrator = DatabaseMigrator()
    migrator.registerMigration("v1 catalogue, orders, outbox, audit") { db in
      try db.execute(sql: v1)
    }
    migrator.registerMigration("v2 sync engine: leases, sagas, remote snapshots, notifications") { db in
      try db.execute(sql: v2)
    }
    return migrator
  }

  /// The sort key of an order state: the workflow order, not the alphabet. Indexed as an
  /// expression, so queries must use exactly this text.
  static let stateRankSQL =
    "(CASE state WHEN 'draft' THEN 0 WHEN 'sent' THEN 1 WHEN 'to approve' THEN 2 WHEN 'purchase' THEN 3 WHEN 'done' THEN 4 ELSE 5 END)"

  private static let v1 = """
    CREATE TABLE vendor (
      id INTEGER PRIMARY KEY,
      odoo_id INTEGER UNIQUE,
      name TEXT NOT NULL,
      kind TEXT NOT NULL DEFAULT 'wholesaler',
      email TEXT NOT NULL DEFAULT '',
      phone TEXT NOT NULL DEFAULT '',
      country_code TEXT NOT NULL DEFAULT '',
      currency TEXT NOT NULL DEFAULT 'EUR',
      is_active INTEGER NOT NULL DEFAULT 1,
      remote_write_date TEXT
    );
    CREATE INDEX vendor_by_name ON vendor(name COLLATE NOCASE);

    CREATE TABLE product (
      id INTEGER PRIMARY KEY,
      odoo_id INTEGER UNIQUE,
      code TEXT NOT NULL,
      name TEXT NOT NULL,
      form TEXT NOT NULL,
      unit TEXT NOT NULL,
      standard_price_minor INTEGER NOT NULL,
      tax_rate_bp INTEGER NOT NULL DEFAULT 0,
      is_controlled INTEGER NOT NULL DEFAULT 0,
      barcode TEXT NOT NULL DEFAULT '',
      is_active INTEGER NOT NULL DEFAULT 1,
      remote_write_date TEXT
    );
    CREATE UNIQUE INDEX product_by_code ON product(code) WHERE code <> '';

    CREATE TABLE catalogue_entry (
      id INTEGER PRIMARY KEY,
      odoo_id INTEGER UNIQUE,
      vendor_id INTEGER NOT NULL REFERENCES vendor(id) ON DELETE CASCADE,
      product_id INTEGER NOT NULL REFERENCES product(id) ON DELETE CASCADE,
      vendor_product_code TEXT NOT NULL DEFAULT '',
      vendor_product_name TEXT NOT NULL DEFAULT '',
      min_quantity_milli INTEGER NOT NULL DEFAULT 0,
      price_minor INTEGER NOT NULL,
      currency TEXT NOT NULL,
      lead_time_days INTEGER NOT NULL DEFAULT 0
    );
    CREATE INDEX catalogue_by_vendor ON catalogue_entry(vendor_id, product_id);
    CREATE INDEX catalogue_by_product ON catalogue_entry(product_id);

    CREATE TABLE purchase_order (
      id INTEGER PRIMARY KEY,
      uuid TEXT NOT NULL UNIQUE,
      odoo_id INTEGER UNIQUE,
      reference TEXT NOT NULL,
      local_reference TEXT,
      vendor_id INTEGER REFERENCES vendor(id),
      vendor_name TEXT NOT NULL,
      state TEXT NOT NULL
        CHECK (state IN ('draft', 'sent', 'to approve', 'purchase', 'done', 'cancel')),
      priority TEXT NOT NULL DEFAULT '0',
      currency TEXT NOT NULL,
      date_order INTEGER NOT NULL,
      date_planned INTEGER,
      date_approve INTEGER,
      vendor_reference TEXT NOT NULL DEFAULT '',
      origin TEXT NOT NULL DEFAULT '',
      notes TEXT NOT NULL DEFAULT '',
      amount_untaxed_minor INTEGER NOT NULL,
      amount_tax_minor INTEGER NOT NULL,
      amount_total_minor INTEGER NOT NULL,
      line_count INTEGER NOT NULL,
      has_active_vendor_bill INTEGER NOT NULL DEFAULT 0,
      has_done_receipt INTEGER NOT NULL DEFAULT 0,
      revision INTEGER NOT NULL DEFAULT 1,
      sync_status TEXT NOT NULL DEFAULT 'pending'
        CHECK (sync_status IN ('synced', 'pending', 'conflict', 'failed')),
      remote_write_date TEXT,
      created_at_ms INTEGER NOT NULL,
      updated_at_ms INTEGER NOT NULL
    );
    CREATE INDEX order_by_reference ON purchase_order(reference, id);
    CREATE INDEX order_by_local_reference ON purchase_order(local_reference) WHERE local_reference IS NOT NULL;
    CREATE INDEX order_by_vendor_name ON purchase_order(vendor_name, id);
    CREATE INDEX order_by_date_order ON purchase_order(date_order, id);
    CREATE INDEX order_by_date_planned ON purchase_order(ifnull(date_planned, 0), id);
    CREATE INDEX order_by_state_rank ON purchase_order(\(stateRankSQL), id);
    CREATE INDEX order_by_total ON purchase_order(amount_total_minor, id);
    CREATE INDEX order_by_sync_status ON purchase_order(sync_status, id);
    CREATE INDEX order_by_state_date ON purchase_order(state, date_order, id);
    CREATE INDEX order_by_vendor_date ON purchase_order(vendor_id, date_order, id);

    CREATE TABLE order_line (
      id INTEGER PRIMARY KEY,
      uuid TEXT NOT NULL,
      order_id INTEGER NOT NULL REFERENCES purchase_order(id) ON DELETE CASCADE,
      odoo_id INTEGER,
      sequence INTEGER NOT NULL DEFAULT 10,
      product_id INTEGER REFERENCES product(id),
      product_code TEXT NOT NULL DEFAULT '',
      description TEXT NOT NULL DEFAULT '',
      quantity_milli INTEGER NOT NULL,
      unit TEXT NOT NULL DEFAULT '',
      unit_price_minor INTEGER NOT NULL,
      discount_bp INTEGER NOT NULL DEFAULT 0,
      tax_rate_bp INTEGER NOT NULL DEFAULT 0,
      date_planned INTEGER,
      is_controlled INTEGER NOT NULL DEFAULT 0,
      subtotal_minor INTEGER NOT NULL
    );
    -- Lines are found through their order; keying the uuid by order keeps inserts local.
    CREATE UNIQUE INDEX order_line_by_order_uuid ON order_line(order_id, uuid);
    CREATE INDEX order_line_by_order ON order_line(order_id, sequence);
    CREATE INDEX order_line_by_product ON order_line(product_id);

    -- Substring search over reference, vendor and products, case-insensitive, any script.
    -- Phrase queries answer a substring from the index alone (no row is read), which keeps a
    -- common word fast over 100k orders. No ranking is used, so column sizes are not kept.
    CREATE VIRTUAL TABLE order_search USING fts5(text, tokenize = 'trigram', columnsize = 0);

    CREATE TABLE outbox_job (
      id INTEGER PRIMARY KEY,
      order_id INTEGER NOT NULL REFERENCES purchase_order(id),
      order_uuid TEXT NOT NULL,
      kind TEXT NOT NULL CHECK (kind IN ('create', 'update', 'action')),
      action TEXT,
      payload TEXT NOT NULL DEFAULT '{}',
      revision INTEGER NOT NULL,
      priority INTEGER NOT NULL DEFAULT 0,
      state TEXT NOT NULL DEFAULT 'pending'
        CHECK (state IN ('pending', 'in_flight', 'deferred', 'done', 'dead')),
      attempts INTEGER NOT NULL DEFAULT 0,
      next_attempt_at_ms INTEGER NOT NULL,
      lease_owner TEXT,
      lease_expires_at_ms INTEGER,
      last_error TEXT,
      created_at_ms INTEGER NOT NULL,
      updated_at_ms INTEGER NOT NULL,
      finished_at_ms INTEGER
    );
    CREATE INDEX outbox_ready ON outbox_job(state, priority DESC, next_attempt_at_ms, id);
    CREATE INDEX outbox_by_order ON outbox_job(order_id, id);

    CREATE TABLE base_snapshot (
      order_id INTEGER PRIMARY KEY REFERENCES purchase_order(id) ON DELETE CASCADE,
      revision INTEGER NOT NULL,
      remote_write_date TEXT,
      payload TEXT NOT NULL,
      taken_at_ms INTEGER NOT NULL
    );

    CREATE TABLE conflict (
      id INTEGER PRIMARY KEY,
      order_id INTEGER NOT NULL REFERENCES purchase_order(id) ON DELETE CASCADE,
      field TEXT NOT NULL,
      base_value TEXT,
      local_value TEXT,
      remote_value TEXT,
      state TEXT NOT NULL DEFAULT 'open' CHECK (state IN ('open', 'resolved')),
      resolution TEXT,
      resolved_by TEXT,
      detected_at_ms INTEGER NOT NULL,
      resolved_at_ms INTEGER
    );
    CREATE INDEX conflict_by_state ON conflict(state, order_id);

    CREATE TABLE audit_log (
      id INTEGER PRIMARY KEY,
      at_ms INTEGER NOT NULL,
      actor TEXT NOT NULL,
      action TEXT NOT NULL,
      order_id INTEGER,
      order_uuid TEXT,
      summary TEXT NOT NULL,
      details TEXT NOT NULL DEFAULT '{}'
    );
    CREATE INDEX audit_by_order ON audit_log(order_id, id);
    CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
      BEGIN SELECT RAISE(ABORT, 'the audit trail is append-only'); END;
    CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
      BEGIN SELECT RAISE(ABORT, 'the audit trail is append-only'); END;

    CREATE TABLE cache_entry (
      key TEXT PRIMARY KEY,
      value BLOB NOT NULL,
      stored_at_ms INTEGER NOT NULL,
      expires_at_ms INTEGER NOT NULL
    ) WITHOUT ROWID;
    CREATE INDEX cache_by_expiry ON cache_entry(expires_at_ms);

    CREATE TABLE sync_cursor (
      name TEXT PRIMARY KEY,
      watermark TEXT,
      last_id INTEGER,
      updated_at_ms INTEGER NOT NULL
    ) WITHOUT ROWID;

    CREATE TABLE reservation (
      id INTEGER PRIMARY KEY,
      order_id INTEGER NOT NULL REFERENCES purchase_order(id),
      line_uuid TEXT NOT NULL,
      product_id INTEGER REFERENCES product(id),
      quantity_milli INTEGER NOT NULL,
      state TEXT NOT NULL DEFAULT 'held' CHECK (state IN ('held', 'released', 'consumed')),
      created_at_ms INTEGER NOT NULL,
      updated_at_ms INTEGER NOT NULL
    );
    CREATE INDEX reservation_by_order ON reservation(order_id, state);
    CREATE INDEX reservation_by_product ON reservation(product_id, state);

    CREATE TABLE local_sequence (
      name TEXT PRIMARY KEY,
      next_value INTEGER NOT NULL
    ) WITHOUT ROWID;
    """

  private static let v2 = """
    -- One sync engine per database: the holder renews its lease; a dead holder's lease expires.
    CREATE TABLE engine_lease (
      name TEXT PRIMARY KEY,
      owner TEXT NOT NULL,
      acquired_at_ms INTEGER NOT NULL,
      expires_at_ms INTEGER NOT NULL
    ) WITHOUT ROWID;

    -- Odoo's version of an order in conflict, kept until a person settles it.
    CREATE TABLE remote_snapshot (
      order_id INTEGER PRIMARY KEY REFERENCES purchase_order(id) ON DELETE CASCADE,
      remote_write_date TEXT,
      payload TEXT NOT NULL,
      taken_at_ms INTEGER NOT NULL
    );

    ALTER TABLE conflict ADD COLUMN line_uuid TEXT;
    ALTER TABLE conflict ADD COLUMN is_controlled INTEGER NOT NULL DEFAULT 0;

    CREATE TABLE saga (
      id INTEGER PRIMARY KEY,
      order_id INTEGER NOT NULL REFERENCES purchase_order(id),
      kind TEXT NOT NULL,
      step TEXT NOT NULL,
      state TEXT NOT NULL CHECK (state IN ('running', 'compensating', 'completed', 'compensated')),
      failure TEXT,
      created_at_ms INTEGER NOT NULL,
      updated_at_ms INTEGER NOT NULL
    );
    CREATE INDEX saga_by_state ON saga(state, order_id);

    CREATE TABLE notification (
      id INTEGER PRIMARY KEY,
      at_ms INTEGER NOT NULL,
      level TEXT NOT NULL CHECK (level IN ('info', 'warning', 'error')),
      title TEXT NOT NULL,
      body TEXT NOT NULL DEFAULT '',
      order_uuid TEXT,
      is_read INTEGER NOT NULL DEFAULT 0
    );

    -- What a running engine last said about itself (breaker, metrics, last pull and push), so
    -- that `farmacy status` in another process can show it.
    CREATE TABLE engine_state (
      key TEXT PRIMARY KEY,
      value TEXT NOT NULL,
      updated_at_ms INTEGER NOT NULL
    ) WITHOUT ROWID;

    CREATE INDEX order_line_by_odoo_id ON order_line(odoo_id) WHERE odoo_id IS NOT NULL;
    """
}
