#!/usr/bin/env python3
"""Sync engine benchmarks, each beside its baseline, against one odoo-sim in one run.

Each comparison runs once with odoo-sim answering at loopback speed and once with a fixed
latency added to every request, as a server across a network has (--latencies).

- push: N new 5-line orders pushed by `farmacy sync --push-only` vs a Python script using
  odoorpc that creates the same orders with one `create` call each (target: >= 10x faster);
- pull: every order of an odoo-sim holding M orders pulled into an empty store by
  `farmacy sync --pull-only` vs odoorpc `search_read` (orders, then their lines) written to
  SQLite with Python's sqlite3 (target: >= 3x faster).

Both sides talk to the same odoo-sim process over loopback. Times are wall-clock seconds of
the whole job; the ratio is baseline / Farmacy.
"""

import argparse
import json
import os
import sqlite3
import subprocess
import sys
import tempfile
import time
from urllib.parse import urlparse


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--push-orders", type=int, default=5000)
    parser.add_argument("--pull-orders", type=int, default=50000)
    parser.add_argument("--farmacy", required=True)
    parser.add_argument("--odoo-sim", required=True)
    parser.add_argument("--latencies", default="0,20",
                        help="milliseconds odoo-sim adds to every request, one run each (0: loopback; 20: a server "
                             "across a network)")
    args = parser.parse_args()
    for latency in [int(x) for x in args.latencies.split(",")]:
        run(args, latency)
    return 0


def run(args, latency):
    import odoorpc  # installed by scripts/bench-sync

    work = tempfile.mkdtemp(prefix="farmacy-bench-")
    sim = subprocess.Popen([args.odoo_sim, "--port", "0", "--orders", str(args.pull_orders), "--latency-ms",
                            str(latency)], stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    try:
        base = sim.stdout.readline().strip().rsplit(" ", 1)[-1]
        url = urlparse(base)
        env = dict(os.environ, FARMACY_ODOO_URL=base, FARMACY_ODOO_DB="farmacy", FARMACY_ODOO_USER="admin",
                   FARMACY_ODOO_PASSWORD="admin")
        env.pop("FARMACY_ODOO_API_KEY", None)

        def farmacy(db, *arguments):
            started = time.perf_counter()
            result = subprocess.run([args.farmacy, *arguments], env=dict(env, FARMACY_DB=db), capture_output=True,
                                    text=True)
            elapsed = time.perf_counter() - started
            if result.returncode != 0:
                raise RuntimeError(f"farmacy {' '.join(arguments)}: {result.stderr.strip()}")
            return elapsed, result.stdout

        # --- pull: Farmacy
        pull_db = os.path.join(work, "pull.sqlite")
        farmacy_pull, out = farmacy(pull_db, "sync", "--once", "--pull-only", "--json")
        pulled = json.loads(out)["pulled_new"]

        # --- pull: odoorpc + sqlite3
        odoo = odoorpc.ODOO(url.hostname, port=url.port, timeout=600)
        odoo.login("farmacy", "admin", "admin")
        started = time.perf_counter()
        rows = odoo.execute_kw("purchase.order", "search_read", [[]], {
            "fields": ["name", "partner_id", "state", "priority", "currency_id", "date_order", "date_planned",
                       "date_approve", "partner_ref", "origin", "notes", "write_date", "invoice_count",
                       "receipt_status"]})
        lines = odoo.execute_kw("purchase.order.line", "search_read", [[["order_id", "in", [r["id"] for r in rows]]]], {
            "fields": ["order_id", "sequence", "product_id", "name", "product_qty", "product_uom", "price_unit",
                       "discount", "date_planned", "write_date"]})
        baseline_db = sqlite3.connect(os.path.join(work, "baseline.sqlite"))
        baseline_db.executescript("""
            PRAGMA journal_mode = WAL;
            CREATE TABLE purchase_order (id INTEGER PRIMARY KEY, name TEXT, partner_id INTEGER, partner_name TEXT,
              state TEXT, priority TEXT, currency TEXT, date_order TEXT, date_planned TEXT, date_approve TEXT,
              partner_ref TEXT, origin TEXT, notes TEXT, write_date TEXT, invoice_count INTEGER, receipt_status TEXT);
            CREATE TABLE order_line (id INTEGER PRIMARY KEY, order_id INTEGER, sequence INTEGER, product_id INTEGER,
              name TEXT, product_qty REAL, uom TEXT, price_unit REAL, discount REAL, date_planned TEXT, write_date TEXT);
            CREATE INDEX order_line_by_order ON order_line(order_id);
        """)

        def many2one(value, index):
            return value[index] if value else None

        with baseline_db:
            baseline_db.executemany(
                "INSERT INTO purchase_order VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [(r["id"], r["name"], many2one(r["partner_id"], 0), many2one(r["partner_id"], 1), r["state"],
                  r["priority"], many2one(r["currency_id"], 1), r["date_order"], r["date_planned"] or None,
                  r["date_approve"] or None, r["partner_ref"] or None, r["origin"] or None, r["notes"] or None,
                  r["write_date"], r["invoice_count"], r["receipt_status"] or None) for r in rows])
            baseline_db.executemany(
                "INSERT INTO order_line VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [(l["id"], many2one(l["order_id"], 0), l["sequence"], many2one(l["product_id"], 0), l["name"],
                  l["product_qty"], many2one(l["product_uom"], 1), l["price_unit"], l["discount"],
                  l["date_planned"] or None, l["write_date"]) for l in lines])
        baseline_pull = time.perf_counter() - started

        # --- push: the same new orders, made locally
        push_db = os.path.join(work, "push.sqlite")
        farmacy(push_db, "sync", "--once", "--pull-only", "--quiet")  # the catalogue and the orders, not timed
        farmacy(push_db, "demo", "load", "--orders", str(args.push_orders), "--lines", "5", "--seed", "5")
        local = sqlite3.connect(f"file:{push_db}?mode=ro", uri=True)
        orders = {}
        for uuid, partner, date_order in local.execute(
                """SELECT o.uuid, v.odoo_id, o.date_order FROM purchase_order o JOIN vendor v ON v.id = o.vendor_id
                   WHERE o.local_reference IS NOT NULL ORDER BY o.id"""):
            orders[uuid] = {"partner_id": partner, "date_order": time.strftime("%Y-%m-%d %H:%M:%S",
                                                                               time.gmtime(date_order)), "order_line": []}
        for uuid, product, name, quantity, price, sequence in local.execute(
                """SELECT o.uuid, p.odoo_id, l.description, l.quantity_milli, l.unit_price_minor, l.sequence
                   FROM order_line l JOIN purchase_order o ON o.id = l.order_id JOIN product p ON p.id = l.product_id
                   WHERE o.local_reference IS NOT NULL ORDER BY l.order_id, l.sequence"""):
            orders[uuid]["order_line"].append((0, 0, {"product_id": product, "name": name, "product_qty": quantity / 1000,
                                                      "price_unit": price / 100, "sequence": sequence}))
        farmacy_push, out = farmacy(push_db, "sync", "--once", "--push-only", "--json")
        pushed = json.loads(out)["pushed"]

        purchase = odoo.env["purchase.order"]
        started = time.perf_counter()
        for values in orders.values():
            purchase.create(values)
        baseline_push = time.perf_counter() - started
    finally:
        sim.terminate()
        sim.wait()
        subprocess.run(["rm", "-rf", work])

    print(f"latency {latency:>3} ms  pull {pulled:>6} orders   farmacy {farmacy_pull:8.2f} s   "
          f"odoorpc+sqlite3 {baseline_pull:8.2f} s   ratio {baseline_pull / farmacy_pull:5.2f}x  (target >= 3x)", flush=True)
    print(f"latency {latency:>3} ms  push {pushed:>6} orders   farmacy {farmacy_push:8.2f} s   "
          f"odoorpc create  {baseline_push:8.2f} s   ratio {baseline_push / farmacy_push:5.2f}x  (target >= 10x)", flush=True)


if __name__ == "__main__":
    sys.exit(main())
