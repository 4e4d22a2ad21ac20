#!/usr/bin/env python3
"""Chaos soak for Farmacy's sync engine.

Creates and edits orders locally while odoo-sim answers about 30% of requests with a fault of
every kind (502, 503, server errors, reset connections, hangs, commits whose reply is dropped),
a colleague edits orders in Odoo, and the sync engine is killed with SIGKILL at random moments
and started again. Then faults stop, the engine drains the queue (retrying dead jobs and taking
the local side of conflicts, as support and a manager would), and the script checks that Odoo
holds exactly the orders created here — one each, with equal lines, quantities and prices.

Usage: scripts/chaos [--orders 2000] [--kills 10] [--farmacy PATH] [--odoo-sim PATH]
Exit status 0 when everything matches, 1 otherwise.
"""

import argparse
import collections
import json
import os
import random
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time
import urllib.request


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--orders", type=int, default=2000)
    parser.add_argument("--kills", type=int, default=10)
    parser.add_argument("--lines", type=int, default=5)
    parser.add_argument("--fault-rate", type=float, default=0.30)
    parser.add_argument("--seed", type=int, default=20261127)
    parser.add_argument("--farmacy", default=".build/debug/farmacy")
    parser.add_argument("--odoo-sim", default=".build/debug/odoo-sim")
    parser.add_argument("--soak", type=float, default=20, help="seconds of syncing under faults after the last batch")
    parser.add_argument("--keep", action="store_true", help="keep the work folder")
    args = parser.parse_args()
    rng = random.Random(args.seed)
    started = time.monotonic()
    work = tempfile.mkdtemp(prefix="farmacy-chaos-")
    db = os.path.join(work, "chaos.sqlite")
    share = args.fault_rate / 6
    sim = subprocess.Popen(
        [args.odoo_sim, "--port", "0", "--orders", "60", "--remote-activity", "2", "--fault-seed", str(args.seed),
         "--rate-502", f"{share:.4f}", "--rate-503", f"{share:.4f}", "--server-error-rate", f"{share:.4f}",
         "--reset-rate", f"{share:.4f}", "--drop-rate", f"{share:.4f}", "--hang-rate", f"{share:.4f}",
         "--hang-limit", "1"],
        stdout=subprocess.PIPE, stderr=open(os.path.join(work, "odoo-sim.log"), "w"), text=True)
    banner = sim.stdout.readline().strip()
    base = banner.rsplit(" ", 1)[-1]
    if not base.startswith("http"):
        print(f"odoo-sim did not start: {banner}", file=sys.stderr)
        return 1
    env = dict(os.environ, FARMACY_DB=db, FARMACY_ODOO_URL=base, FARMACY_ODOO_DB="farmacy", FARMACY_ODOO_USER="buyer",
               FARMACY_ODOO_PASSWORD="buyer", FARMACY_ODOO_API_KEY="")
    env.pop("FARMACY_ODOO_API_KEY")
    log = open(os.path.join(work, "farmacy.log"), "w")

    def farmacy(*arguments, check=False):
        result = subprocess.run([args.farmacy, *arguments], env=env, capture_output=True, text=True)
        log.write(f"$ farmacy {' '.join(arguments)} -> {result.returncode}\n{result.stdout}{result.stderr}")
        if check and result.returncode != 0:
            raise RuntimeError(f"farmacy {' '.join(arguments)} failed: {result.stderr.strip()}")
        return result

    def control(path, body):
        request = urllib.request.Request(base + path, data=json.dumps(body).encode(), method="POST",
                                         headers={"Content-Type": "application/json"})
        with urllib.request.urlopen(request, timeout=10) as reply:
            return json.load(reply)

    watcher = None
    kills = 0
    try:
        # The catalogue first (faults may take a few rounds).
        for _ in range(60):
            if farmacy("sync", "--once", "--quiet").returncode == 0:
                break
        else:
            raise RuntimeError("the first sync never succeeded")

        def start_watcher():
            return subprocess.Popen([args.farmacy, "sync", "--watch", "--interval", "0.3", "--quiet"], env=env,
                                    stdout=log, stderr=log)

        watcher = start_watcher()
        batches = max(args.kills + 1, 20)
        per_batch = [args.orders // batches + (1 if i < args.orders % batches else 0) for i in range(batches)]
        kill_after = set(rng.sample(range(batches), min(args.kills, batches)))
        created = 0
        for index, count in enumerate(per_batch):
            farmacy("demo", "load", "--orders", str(count), "--lines", str(args.lines), "--edits", str(count // 2),
                    "--seed", str(args.seed + index), check=True)
            created += count
            time.sleep(rng.uniform(0.2, 1.2))  # the engine pushes meanwhile, under faults
            if index in kill_after:
                time.sleep(rng.uniform(0.05, 1.5))
                watcher.send_signal(signal.SIGKILL)
                watcher.wait()
                kills += 1
                watcher = start_watcher()
        time.sleep(args.soak)  # still under faults, with remote activity
        watcher.send_signal(signal.SIGTERM)
        try:
            watcher.wait(timeout=120)
        except subprocess.TimeoutExpired:
            watcher.kill()
            watcher.wait()
        watcher = None

        # Calm: no faults, no colleague; drain the queue as support and a manager would.
        with urllib.request.urlopen(base + "/sim/stats", timeout=10) as reply:
            stats = json.load(reply)
        faults = stats.get("faults", {})
        print(f"requests / faults        {stats.get('total', 0)} / {sum(faults.values())} "
              f"({', '.join(f'{k} {v}' for k, v in sorted(faults.items()))})")
        control("/sim/faults", {"rates": {}})
        control("/sim/activity", {"rate": 0})
        drained = False
        deadline = time.monotonic() + 300
        while time.monotonic() < deadline:
            farmacy("queue", "retry", "--all")
            for conflict in json.loads(farmacy("conflicts", "list", "--json").stdout or "[]"):
                farmacy("conflicts", "resolve", conflict["order"], "--take", "local")
            if farmacy("sync", "--once", "--quiet").returncode == 75:
                time.sleep(1)  # a killed engine's lease has not run out yet
                continue
            status = json.loads(farmacy("status", "--json").stdout)
            waiting = sum(q["count"] for q in status["queue"])
            if waiting == 0 and status["open_conflicts"] == 0:
                drained = True
                break
        return verify(db, base, created, kills, drained, started, work)
    finally:
        if watcher is not None:
            watcher.kill()
        sim.send_signal(signal.SIGTERM)
        try:
            sim.wait(timeout=10)
        except subprocess.TimeoutExpired:
            sim.kill()
        if not args.keep:
            subprocess.run(["rm", "-rf", work])
        else:
            print(f"work folder: {work}")


def rpc(base, model, method, args, kwargs=None):
    body = {"jsonrpc": "2.0", "method": "call", "id": 1, "params": {
        "service": "object", "method": "execute_kw",
        "args": ["farmacy", 2, "admin", model, method, args, kwargs or {}]}}
    request = urllib.request.Request(base + "/jsonrpc", data=json.dumps(body).encode(),
                                     headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=60) as reply:
        answer = json.load(reply)
    if "error" in answer:
        raise RuntimeError(answer["error"])
    return answer["result"]


def verify(db, base, created, kills, drained, started, work):
    local = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    local_orders = {uuid.replace("-", ""): odoo_id for uuid, odoo_id in local.execute(
        "SELECT uuid, odoo_id FROM purchase_order WHERE local_reference IS NOT NULL")}
    local_lines = collections.defaultdict(collections.Counter)
    for uuid, product, quantity, price in local.execute(
            """SELECT o.uuid, p.odoo_id, l.quantity_milli, l.unit_price_minor FROM order_line l
               JOIN purchase_order o ON o.id = l.order_id LEFT JOIN product p ON p.id = l.product_id
               WHERE o.local_reference IS NOT NULL"""):
        local_lines[uuid.replace("-", "")][(product, quantity, price)] += 1

    xmlids = rpc(base, "ir.model.data", "search_read",
                 [[["module", "=", "__import__"], ["model", "=", "purchase.order"], ["name", "=like", "farmacy_%"]]],
                 {"fields": ["name", "res_id"]})
    names = collections.Counter(row["name"] for row in xmlids if not row["name"].startswith("farmacy_line_"))
    remote_by_name = {row["name"][len("farmacy_"):]: row["res_id"] for row in xmlids
                      if not row["name"].startswith("farmacy_line_")}
    remote_ids = list(remote_by_name.values())
    remote_lines = collections.defaultdict(collections.Counter)
    for offset in range(0, len(remote_ids), 1000):
        chunk = remote_ids[offset:offset + 1000]
        for line in rpc(base, "purchase.order.line", "search_read", [[["order_id", "in", chunk]]],
                        {"fields": ["order_id", "product_id", "product_qty", "price_unit"]}):
            key = (line["product_id"][0] if line["product_id"] else None, round(line["product_qty"] * 1000),
                   round(line["price_unit"] * 100))
            remote_lines[line["order_id"][0]][key] += 1
    with urllib.request.urlopen(base + "/sim/duplicates", timeout=10) as reply:
        duplicates = json.load(reply)

    missing = [uuid for uuid in local_orders if uuid not in remote_by_name]
    extra = [name for name in remote_by_name if name not in local_orders]
    doubled = [name for name, count in names.items() if count > 1]
    doubled += [group for group in duplicates.get("external_ids", duplicates.get("by_external_id", []))]
    wrong_id = [uuid for uuid, odoo_id in local_orders.items() if uuid in remote_by_name and remote_by_name[uuid] != odoo_id]
    mismatched = [uuid for uuid in local_orders if uuid in remote_by_name
                  and local_lines[uuid] != remote_lines[remote_by_name[uuid]]]
    local_line_count = sum(sum(c.values()) for c in local_lines.values())
    remote_line_count = sum(sum(remote_lines[remote_by_name[u]].values()) for u in local_orders if u in remote_by_name)
    elapsed = time.monotonic() - started
    print(f"orders created here      {created}")
    print(f"local orders born here   {len(local_orders)}")
    print(f"in Odoo (by external id) {len(remote_by_name)}")
    print(f"lines here / in Odoo     {local_line_count} / {remote_line_count}")
    print(f"missing in Odoo          {len(missing)}")
    print(f"extra in Odoo            {len(extra)}")
    print(f"duplicates               {len(doubled)}")
    print(f"wrong Odoo id here       {len(wrong_id)}")
    print(f"orders whose lines differ {len(mismatched)}")
    print(f"engine kills (SIGKILL)   {kills}")
    print(f"queue drained            {'yes' if drained else 'no'}")
    print(f"elapsed                  {elapsed:.0f} s")
    ok = (drained and created == len(local_orders) and not missing and not extra and not doubled and not wrong_id
          and not mismatched)
    print("RESULT                   " + ("PASS" if ok else f"FAIL (logs in {work})"))
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
