#!/usr/bin/env python3
"""Conformance of odoo-sim against clients nobody here wrote.

Starts the built odoo-sim on a free loopback port for each persona (17.0 and 19.0) and talks
to it the way Odoo's external-API documentation shows: odoorpc (from PyPI) over JSON-RPC,
Python's own xmlrpc.client over /xmlrpc/2, raw JSON-RPC and web-session calls over urllib,
and, on 19.0, raw JSON-2 with a bearer API key. Every check is named; the run ends with the
line "N passed, M failed" and exits non-zero when anything failed.
"""

import argparse
import http.client
import http.cookiejar
import json
import re
import socket
import subprocess
import sys
import time
import traceback
import urllib.error
import urllib.request
import xmlrpc.client

import odoorpc

DB = "farmacy"
# xmlrpc.client and odoorpc wait forever by default; a stuck check must fail, not hang CI.
socket.setdefaulttimeout(60)


class Failure(Exception):
    pass


def expect(condition, message):
    if not condition:
        raise Failure(message)


class Simulator:
    """One odoo-sim process on a free port; the banner gives the URL and the API keys."""

    def __init__(self, binary, version):
        self.version = version
        self.process = subprocess.Popen(
            [binary, "--port", "0", "--version", version, "--seed", "demo", "--orders", "120", "--today", "2026-11-01"],
            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        self.keys = {}
        deadline = time.monotonic() + 60
        lines = []
        while time.monotonic() < deadline:
            line = self.process.stdout.readline()
            if not line:
                break
            lines.append(line)
            match = re.search(r"listening on (http://[\d.]+:(\d+))", line)
            if match:
                self.url, self.port = match.group(1), int(match.group(2))
            match = re.match(r"\s+(\w+) / (\w+) / ([0-9a-f]{40})", line)
            if match:
                self.keys[match.group(1)] = match.group(3)
            if line.startswith("control:"):
                return
        self.stop()
        raise RuntimeError("odoo-sim did not start:\n" + "".join(lines))

    def stop(self):
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()

    # Raw HTTP helpers.

    def post(self, path, body, headers=None, opener=None, raw=False):
        data = body if isinstance(body, bytes) else json.dumps(body).encode()
        request = urllib.request.Request(self.url + path, data=data, method="POST")
        request.add_header("Content-Type", "application/json")
        for name, value in (headers or {}).items():
            request.add_header(name, value)
        try:
            response = (opener or urllib.request.build_opener()).open(request, timeout=30)
            status, payload, response_headers = response.status, response.read(), response.headers
        except urllib.error.HTTPError as error:
            status, payload, response_headers = error.code, error.read(), error.headers
        if raw:
            return status, payload, response_headers
        return status, json.loads(payload) if payload else None, response_headers

    def get(self, path):
        with urllib.request.urlopen(self.url + path, timeout=30) as response:
            return json.loads(response.read())

    def control(self, path, body=None):
        status, payload, _ = self.post("/sim/" + path, body or {})
        expect(status == 200, f"/sim/{path} answered {status}: {payload}")
        return payload

    def jsonrpc(self, service, method, *args):
        status, payload, _ = self.post("/jsonrpc", {"jsonrpc": "2.0", "method": "call", "id": 1,
                                                     "params": {"service": service, "method": method, "args": list(args)}})
        expect(status == 200, f"/jsonrpc answered HTTP {status}")
        return payload

    def json2(self, model, method, body, key=None, content_type="application/json"):
        headers = {"Content-Type": content_type}
        if key is not False:
            headers["Authorization"] = "bearer " + (key or self.keys["admin"])
        status, payload, response_headers = self.post(f"/json/2/{model}/{method}", body, headers=headers, raw=True)
        if response_headers.get("Content-Type", "").startswith("application/json"):
            return status, json.loads(payload), response_headers
        return status, payload.decode(), response_headers


class Suite:
    def __init__(self, sim):
        self.sim = sim
        self.common = xmlrpc.client.ServerProxy(sim.url + "/xmlrpc/2/common")
        self.models = xmlrpc.client.ServerProxy(sim.url + "/xmlrpc/2/object")
        self.v19 = sim.version == "19.0"

    def call(self, model, method, args, kwargs=None, login="admin"):
        uid = {"admin": 2, "buyer": 6, "viewer": 7}[login]
        return self.models.execute_kw(DB, uid, login, model, method, args, kwargs or {})

    def fault(self, model, method, args, kwargs=None, login="admin"):
        try:
            self.call(model, method, args, kwargs, login)
        except xmlrpc.client.Fault as fault:
            return fault
        raise Failure(f"{model}.{method} did not fault")

    def vendor_and_product(self):
        vendor = self.call("res.partner", "search", [[["supplier_rank", ">", 0]]], {"limit": 1, "order": "id"})[0]
        products = self.call("product.supplierinfo", "search_read", [[["partner_id", "=", vendor]]],
                             {"fields": ["product_tmpl_id"], "limit": 3})
        template = products[0]["product_tmpl_id"][0]
        product = self.call("product.product", "search", [[["product_tmpl_id", "=", template]]])[0]
        other = self.call("product.product", "search", [[["id", "!=", product]]], {"limit": 1})[0]
        return vendor, product, other

    def new_order(self, lines=1, login="admin", **values):
        vendor, product, other = self.vendor_and_product()
        order_lines = [[0, 0, {"product_id": product, "product_qty": 2}]]
        if lines > 1:
            order_lines.append([0, 0, {"product_id": other, "product_qty": 1}])
        vals = {"partner_id": vendor, "order_line": order_lines}
        vals.update(values)
        return self.call("purchase.order", "create", [vals], login=login)

    def state(self, order):
        return self.call("purchase.order", "read", [[order], ["state"]])[0]["state"]

    # --- Checks -------------------------------------------------------------------------------

    def check_version(self):
        info = self.common.version()
        expect(info["server_version"] == self.sim.version, f"common.version: {info}")
        expect(info["server_version_info"][0] == int(self.sim.version[:2]), f"version_info: {info}")
        status, payload, _ = self.sim.post("/web/webclient/version_info", {"jsonrpc": "2.0", "params": {}})
        expect(payload["result"]["server_serie"] == self.sim.version, f"version_info route: {payload}")
        odoo = odoorpc.ODOO("127.0.0.1", port=self.sim.port)
        expect(odoo.version == self.sim.version, f"odoorpc version {odoo.version}")
        if self.v19:
            version = self.sim.get("/web/version")
            expect(version["version"] == "19.0" and version["version_info"][0] == 19, f"/web/version: {version}")

    def check_login(self):
        expect(self.common.login(DB, "admin", "admin") == 2, "login admin")
        expect(self.common.authenticate(DB, "buyer", "buyer", {}) == 6, "authenticate buyer")
        expect(self.common.login(DB, "admin", "wrong") is False, "a wrong password gives False")
        expect(self.common.login(DB, "admin", self.sim.keys["admin"]) == 2, "an API key replaces the password")
        odoo = odoorpc.ODOO("127.0.0.1", port=self.sim.port)
        odoo.login(DB, "admin", "admin")
        expect(odoo.env.uid == 2 and odoo.env.user.login == "admin", "odoorpc login")
        try:
            odoorpc.ODOO("127.0.0.1", port=self.sim.port).login(DB, "admin", "nope")
            raise Failure("odoorpc accepted a wrong password")
        except odoorpc.error.RPCError:
            pass
        self.sim.control("reset")

    def check_reads(self):
        ids = self.call("purchase.order", "search", [[["state", "in", ["purchase", "done"]]]], {"limit": 5, "order": "id asc"})
        expect(len(ids) == 5 and ids == sorted(ids), f"search: {ids}")
        count = self.call("purchase.order", "search_count", [[]])
        expect(count == 120, f"search_count: {count}")
        rows = self.call("purchase.order", "search_read", [[]],
                         {"fields": ["name", "partner_id", "date_order", "write_date", "origin", "amount_total"], "limit": 80})
        expect(len(rows) == 80, "search_read limit")
        row = rows[0]
        expect(isinstance(row["partner_id"], list) and len(row["partner_id"]) == 2, f"many2one as [id, name]: {row}")
        expect(re.fullmatch(r"\d{4}-\d\d-\d\d \d\d:\d\d:\d\d", row["write_date"]), f"datetime format: {row['write_date']}")
        expect(any(r["origin"] is False for r in rows), "empty char reads as False")
        expect(re.fullmatch(r"P\d{5}", row["name"]), f"name: {row['name']}")
        read = self.call("purchase.order", "read", [[ids[0], 999999], ["name"]])
        expect([r["id"] for r in read] == [ids[0]], f"read drops missing ids: {read}")
        bare = self.call("purchase.order", "read", [[ids[0]], ["partner_id"]], {"load": "_classic_write"})
        expect(isinstance(bare[0]["partner_id"], int), f"load=None gives bare ids: {bare}")
        fields = self.call("purchase.order.line", "fields_get", [], {"attributes": ["type", "relation"]})
        uom = "product_uom_id" if self.v19 else "product_uom"
        expect(fields[uom]["relation"] == "uom.uom", f"line UoM field {uom}")
        notes = "note" if self.v19 else "notes"
        expect(notes in self.call("purchase.order", "fields_get", [[notes]]), f"order notes field {notes}")
        states = [key for key, _ in self.call("purchase.order", "fields_get", [["state"]], {"attributes": ["selection"]})["state"]["selection"]]
        expect(("done" in states) != self.v19, f"state selection: {states}")
        odoo = odoorpc.ODOO("127.0.0.1", port=self.sim.port)
        odoo.login(DB, "buyer", "buyer")
        order = odoo.env["purchase.order"].browse(ids[0])
        expect(order.name == read[0]["name"] and order.partner_id.id == bare[0]["partner_id"], "odoorpc browse")
        expect(len(order.order_line) > 0 and order.order_line[0].product_id, "odoorpc one2many and many2one")
        names = self.call("purchase.order", "name_search", [row["name"]])
        expect(names and names[0][0] == row["id"], f"name_search: {names}")
        context = self.call("res.users", "context_get", [])
        expect(context["uid"] == 2, f"context_get: {context}")

    def check_create(self):
        vendor, product, other = self.vendor_and_product()
        single = self.call("purchase.order", "create", [{"partner_id": vendor, "order_line": [[0, 0, {"product_id": product}]]}])
        expect(isinstance(single, int), f"create(dict) gives an int: {single!r}")
        batch = self.call("purchase.order", "create", [[{"partner_id": vendor}, {"partner_id": vendor, "origin": "batch"}]])
        expect(isinstance(batch, list) and len(batch) == 2, f"create(list) gives a list: {batch!r}")
        line = self.call("purchase.order.line", "search_read", [[["order_id", "=", single]]],
                         {"fields": ["name", "price_unit", "product_qty", "date_planned", "price_subtotal"]})[0]
        expect(line["name"] and line["price_unit"] > 0 and line["product_qty"] == 1.0 and line["date_planned"],
               f"line defaults from the product: {line}")
        totals = self.call("purchase.order", "read", [[single], ["amount_untaxed", "amount_total", "name"]])[0]
        expect(totals["amount_untaxed"] == line["price_subtotal"] and totals["amount_total"] >= totals["amount_untaxed"],
               f"stored totals: {totals}")
        expect(totals["name"] == "P00121", f"sequence continues after the demo: {totals['name']}")
        odoo = odoorpc.ODOO("127.0.0.1", port=self.sim.port)
        odoo.login(DB, "buyer", "buyer")
        created = odoo.env["purchase.order"].create({"partner_id": vendor, "partner_ref": "ODOORPC"})
        expect(isinstance(created, int), "odoorpc create")
        if self.v19:
            status, body, _ = self.sim.json2("purchase.order", "create", {"vals_list": [{"partner_id": vendor}]})
            expect(status == 200 and isinstance(body, list) and len(body) == 1, f"JSON-2 create gives a list: {status} {body}")

    def check_write_commands(self):
        order = self.new_order(lines=2)
        lines = self.call("purchase.order", "read", [[order], ["order_line"]])[0]["order_line"]
        _, product, _ = self.vendor_and_product()
        expect(self.call("purchase.order", "write", [[order], {
            "partner_ref": "SO-42",
            "order_line": [[1, lines[0], {"product_qty": 9}], [2, lines[1], 0], [0, 0, {"product_id": product, "product_qty": 3}]],
        }]) is True, "write returns True")
        after = self.call("purchase.order.line", "search_read", [[["order_id", "=", order]]], {"fields": ["product_qty"], "order": "id"})
        expect([l["product_qty"] for l in after] == [9.0, 3.0], f"line commands 0/1/2: {after}")
        self.call("purchase.order", "write", [[order], {"order_line": [[5, 0, 0]]}])
        expect(self.call("purchase.order.line", "search_count", [[["order_id", "=", order]]]) == 0, "command 5 clears")
        odoo = odoorpc.ODOO("127.0.0.1", port=self.sim.port)
        odoo.login(DB, "admin", "admin")
        record = odoo.env["purchase.order"].browse(order)
        record.origin = "set by odoorpc"
        expect(self.call("purchase.order", "read", [[order], ["origin"]])[0]["origin"] == "set by odoorpc", "odoorpc write")
        before = self.call("purchase.order", "read", [[order], ["write_date"]])[0]["write_date"]
        found = self.call("purchase.order", "search", [[["write_date", ">=", before], ["id", "=", order]]])
        expect(found == [order], "write_date filter with whole seconds")

    def check_load(self):
        _, product, other = self.vendor_and_product()
        vendor_xmlid = self.call("ir.model.data", "search_read", [[["model", "=", "res.partner"], ["module", "=", "farmacy_demo"]]],
                                 {"fields": ["complete_name"], "limit": 1})[0]["complete_name"]
        fields = ["id", "partner_id/id", "origin", "order_line/id", "order_line/product_id/.id", "order_line/product_qty"]
        rows = [["conformance.po_1", vendor_xmlid, "load-1", "conformance.po_1_l1", str(product), "2"],
                ["", "", "", "conformance.po_1_l2", str(other), "4"]]
        first = self.call("purchase.order", "load", [fields, rows], login="buyer")
        expect(first["messages"] == [] and len(first["ids"]) == 1, f"load: {first}")
        second = self.call("purchase.order", "load", [fields, rows], login="buyer")
        expect(second["ids"] == first["ids"], f"re-load updates the same record: {second}")
        expect(self.call("purchase.order", "search_count", [[["origin", "=", "load-1"]]]) == 1, "load makes no duplicate")
        expect(self.call("purchase.order.line", "search_count", [[["order_id", "=", first["ids"][0]]]]) == 2, "load keeps two lines")
        bad = self.call("purchase.order", "load", [["id", "partner_id/id"], [["conformance.po_2", "nope.nope"]]])
        expect(bad["ids"] is False and bad["messages"][0]["type"] == "error", f"load error as a message: {bad}")
        duplicates = self.sim.get("/sim/duplicates")
        expect(duplicates["count"] == 0, f"no duplicates: {duplicates}")

    def check_workflow(self):
        order = self.new_order()
        expect(self.call("purchase.order", "button_confirm", [[order]]) is True, "button_confirm returns True")
        expect(self.state(order) == "purchase", "confirmed")
        if self.v19:
            self.call_none("button_lock", order)
            expect(self.call("purchase.order", "read", [[order], ["locked"]])[0]["locked"] is True, "19: locked flag")
            fault = self.fault("purchase.order", "button_cancel", [[order]])
            expect(fault.faultCode == 2, f"19: a locked order cannot be cancelled: {fault}")
            self.call_none("button_unlock", order)
        else:
            self.call_none("button_done", order)
            expect(self.state(order) == "done", "locked (done)")
            self.call_none("button_unlock", order)
            expect(self.state(order) == "purchase", "unlocked")
        lines = self.call("purchase.order", "read", [[order], ["order_line"]])[0]["order_line"]
        fault = self.fault("purchase.order.line", "unlink", [lines])
        expect(fault.faultCode == 2 and "Cannot delete a purchase order line" in fault.faultString, f"line deletion refused: {fault}")
        fault = self.fault("purchase.order", "unlink", [[order]])
        expect(fault.faultCode == 2 and "cancel it first" in fault.faultString, f"unlink refused: {fault}")
        self.sim.control(f"orders/{order}/flags", {"billed": True})
        fault = self.fault("purchase.order", "button_cancel", [[order]])
        expect(fault.faultCode == 2 and "vendor bills" in fault.faultString, f"cancel refused when billed: {fault}")
        self.sim.control(f"orders/{order}/flags", {"billed": False, "received": True})
        fault = self.fault("purchase.order", "button_cancel", [[order]])
        expect("receptions" in fault.faultString, f"cancel refused when received: {fault}")
        self.sim.control(f"orders/{order}/flags", {"received": False})
        self.call_none("button_cancel", order)
        expect(self.state(order) == "cancel", "cancelled")
        expect(self.call("purchase.order", "button_draft", [[order]]) == {}, "button_draft returns {}")
        expect(self.state(order) == "draft", "reset to draft")
        self.call_none("button_cancel", order)
        expect(self.call("purchase.order", "unlink", [[order]]) is True, "unlink a cancelled order")
        # Two-step approval: a purchase user's large order waits for a manager.
        self.call("res.company", "write", [[1], {"po_double_validation": "two_step", "po_double_validation_amount": 1.0}])
        large = self.new_order(login="buyer")
        self.call("purchase.order", "button_confirm", [[large]], login="buyer")
        expect(self.state(large) == "to approve", "to approve above the threshold")
        self.call("purchase.order", "button_approve", [[large]])
        expect(self.state(large) == "purchase", "approved by the manager")
        self.call("res.company", "write", [[1], {"po_double_validation": "one_step"}])

    def call_none(self, method, order):
        # Methods returning None: XML-RPC cannot marshal them (fault 1) yet the change is made;
        # JSON-RPC omits "result".
        payload = self.sim.jsonrpc("object", "execute_kw", DB, 2, "admin", "purchase.order", method, [[order]])
        expect("error" not in payload and "result" not in payload, f"{method} returns None over JSON-RPC: {payload}")

    def check_none_over_xmlrpc(self):
        order = self.new_order()
        fault = self.fault("purchase.order", "button_cancel", [[order]])
        expect(fault.faultCode == 1 and "cannot marshal None" in fault.faultString, f"None gives fault 1: {fault}")
        expect(self.state(order) == "cancel", "the cancel committed anyway")

    def check_domains(self):
        def count(domain, model="purchase.order"):
            return self.call(model, "search_count", [domain])
        total = count([])
        drafts = count([["state", "=", "draft"]])
        expect(drafts + count([["state", "!=", "draft"]]) == total, "= and !=")
        expect(count(["|", ["state", "=", "draft"], ["state", "=", "sent"]]) == count([["state", "in", ["draft", "sent"]]]), "| and in")
        expect(count(["!", ["state", "in", ["draft", "sent"]]]) == count([["state", "not in", ["draft", "sent"]]]), "! and not in")
        expect(count([["name", "=like", "P0001_"]]) == 10, "=like with _")
        expect(count([["name", "ilike", "p0001"]]) == 10, "ilike")
        expect(count([["name", "not ilike", "p0001"]]) == total - 10, "not ilike")
        expect(count([["origin", "=", False]]) + count([["origin", "!=", False]]) == total, "False and NULL")
        expect(count([["partner_id.name", "ilike", "vet"]]) > 0, "dotted path")
        expect(count([["order_line.product_id.default_code", "=like", "TAB-%"]]) > 0, "path through a one2many")
        expect(count([["amount_total", ">", 100], ["amount_total", "<=", 1000000]]) > 0, "> and <=")
        expect(count([["id", "child_of", [11]]], "res.partner") >= 1, "child_of")
        expect(count([["order_line", "any", [["product_qty", ">", 5]]]]) == count([["order_line.product_qty", ">", 5]]), "any")
        expect(count([["order_line", "not any", [["product_qty", ">", 5]]]]) == total - count([["order_line.product_qty", ">", 5]]), "not any")
        expect(count([["partner_ref", "=?", False]]) == total, "=?")
        page = self.call("purchase.order", "search", [[]], {"order": "write_date asc, id asc", "limit": 10, "offset": 10})
        expect(len(page) == 10, "limit/offset")
        fault = self.fault("purchase.order", "search", [[["nope", "=", 1]]])
        expect(fault.faultCode == 1 and "Invalid field" in fault.faultString, f"bad field: {fault.faultCode}")

    def check_error_shapes(self):
        payload = self.sim.jsonrpc("object", "execute_kw", DB, 2, "admin", "purchase.order", "unlink", [[1]])
        error = payload["error"]
        expect(error["code"] == 200 and error["message"] == "Odoo Server Error", f"JSON-RPC error: {error}")
        expect(error["data"]["name"] == "odoo.exceptions.UserError" and error["data"]["debug"].startswith("Traceback"), "error data")
        expect(set(error["data"]) >= {"name", "message", "arguments", "context", "debug"}, f"error data keys: {error['data']}")
        payload = self.sim.jsonrpc("object", "execute_kw", DB, 2, "bad", "res.partner", "search", [[]])
        expect(payload["error"]["data"]["name"] == "odoo.exceptions.AccessDenied", "AccessDenied over JSON-RPC")
        try:
            self.models.execute_kw(DB, 2, "bad", "res.partner", "search", [[]])
            raise Failure("a wrong password did not fault")
        except xmlrpc.client.Fault as fault:
            expect(fault.faultCode == 3, f"AccessDenied is fault 3: {fault.faultCode}")
        fault = self.fault("purchase.order", "write", [[1], {"origin": "x"}], login="viewer")
        expect(fault.faultCode == 4, f"AccessError is fault 4: {fault.faultCode}")
        fault = self.fault("purchase.order", "write", [[999999], {"origin": "x"}])
        expect(fault.faultCode == 2 and "does not exist" in fault.faultString, f"MissingError is fault 2: {fault}")
        fault = self.fault("no.model", "search", [[]])
        expect(fault.faultCode == 2 and "doesn't exist" in fault.faultString, f"unknown model: {fault}")
        odoo = odoorpc.ODOO("127.0.0.1", port=self.sim.port)
        odoo.login(DB, "viewer", "viewer")
        try:
            odoo.execute("purchase.order", "write", [1], {"origin": "x"})
            raise Failure("odoorpc write as viewer succeeded")
        except odoorpc.error.RPCError as error:
            expect(error.info["data"]["name"] == "odoo.exceptions.AccessError", f"odoorpc RPCError: {error.info}")
        status, _, _ = self.sim.post("/jsonrpc", b"{not json", raw=True)
        expect(status == 400, f"malformed JSON gives 400: {status}")
        if not self.v19:
            status, _, _ = self.sim.json2("purchase.order", "search", {})
            expect(status == 404, f"no JSON-2 before 19: {status}")
            return
        status, body, headers = self.sim.json2("purchase.order", "search", {}, key="0" * 40)
        expect(status == 401 and body["name"] == "werkzeug.exceptions.Unauthorized" and headers["WWW-Authenticate"] == "bearer",
               f"JSON-2 401: {status} {body}")
        expect(list(body)[-1] == "debug", f"debug comes last: {list(body)}")
        status, body, _ = self.sim.json2("purchase.order", "search", {}, key=False)
        expect(status == 401, f"JSON-2 without a key: {status}")
        status, body, _ = self.sim.json2("purchase.order", "write", {"ids": [1], "vals": {"origin": "x"}}, key=self.sim.keys["viewer"])
        expect(status == 403 and body["name"] == "odoo.exceptions.AccessError", f"JSON-2 403: {status} {body}")
        status, body, _ = self.sim.json2("purchase.order", "read", {"ids": [999999], "fields": ["name"]})
        expect(status == 200 and body == [], f"JSON-2 read of a missing id: {status} {body}")
        status, body, _ = self.sim.json2("purchase.order", "write", {"ids": [999999], "vals": {"origin": "x"}})
        expect(status == 404 and body["name"] == "odoo.exceptions.MissingError", f"JSON-2 404: {status} {body}")
        status, body, _ = self.sim.json2("no.model", "search", {})
        expect(status == 404, f"JSON-2 unknown model: {status}")
        status, body, _ = self.sim.json2("purchase.order", "search", {"domain": [], "ids": [1]})
        expect(status == 422, f"JSON-2 ids on a model method: {status} {body}")
        status, body, _ = self.sim.json2("purchase.order", "unlink", {"ids": [1]})
        expect(status == 422 and body["name"] == "odoo.exceptions.UserError", f"JSON-2 UserError: {status} {body}")
        status, body, _ = self.sim.json2("purchase.order", "search", {}, content_type="text/plain")
        expect(status == 415, f"JSON-2 content type: {status}")
        status, body, _ = self.sim.json2("purchase.order", "search_read", {"domain": [["id", "=", 1]], "fields": ["name"]})
        expect(status == 200 and body[0]["name"] == "P00001", f"JSON-2 bare result: {body}")
        status, body, _ = self.sim.json2("res.users", "context_get", {}, key=self.sim.keys["buyer"])
        expect(status == 200 and body["uid"] == 6, f"JSON-2 context_get: {body}")
        status, body, _ = self.sim.json2("res.partner", "name_search", {"name": "vet", "domain": [["supplier_rank", ">", 0]], "limit": 3})
        expect(status == 200 and 0 < len(body) <= 3, f"JSON-2 name_search with domain: {body}")

    def check_session_expiry(self):
        jar = http.cookiejar.CookieJar()
        opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
        status, payload, _ = self.sim.post("/web/session/authenticate", {"jsonrpc": "2.0", "params": {"db": DB, "login": "buyer", "password": "buyer"}}, opener=opener)
        expect(payload["result"]["uid"] == 6, f"web session login: {payload}")
        first = [c.value for c in jar if c.name == "session_id"]
        self.sim.post("/web/session/authenticate", {"jsonrpc": "2.0", "params": {"db": DB, "login": "buyer", "password": "buyer"}}, opener=opener)
        second = [c.value for c in jar if c.name == "session_id"]
        expect(first and second and first != second, "the session id rotates on authenticate")
        call = {"jsonrpc": "2.0", "params": {"model": "purchase.order", "method": "search_count", "args": [[]], "kwargs": {}}}
        _, payload, _ = self.sim.post("/web/dataset/call_kw/purchase.order/search_count", call, opener=opener)
        expect(isinstance(payload.get("result"), int), f"call_kw with the cookie: {payload}")
        _, payload, _ = self.sim.post("/web/dataset/call_kw", call)
        expect(payload["error"]["code"] == 100, f"call_kw without a cookie: {payload}")
        self.sim.control("sessions/expire")
        _, payload, _ = self.sim.post("/web/dataset/call_kw", call, opener=opener)
        expect(payload["error"]["code"] == 100 and payload["error"]["data"]["name"] == "odoo.http.SessionExpiredException",
               f"expired session: {payload}")
        _, payload, _ = self.sim.post("/web/session/authenticate", {"jsonrpc": "2.0", "params": {"db": DB, "login": "admin", "password": self.sim.keys["admin"]}}, opener=opener)
        expect(payload["error"]["data"]["name"] == "odoo.exceptions.AccessDenied", "API keys cannot open web sessions")

    def check_login_cooldown(self):
        for _ in range(5):
            expect(self.common.login(DB, "admin", "wrong") is False, "failed login")
        expect(self.common.login(DB, "admin", "admin") is False, "the right password is refused during the cooldown")
        try:
            self.models.execute_kw(DB, 2, "admin", "res.partner", "search", [[]])
            raise Failure("execute_kw worked during the cooldown")
        except xmlrpc.client.Fault as fault:
            expect(fault.faultCode == 3 and "Too many login failures" in fault.faultString, f"cooldown fault: {fault}")
        self.sim.control("reset")
        expect(self.common.login(DB, "admin", "admin") == 2, "reset clears the cooldown")

    def check_faults(self):
        vendor, product, _ = self.vendor_and_product()
        self.sim.control("faults/next", {"kind": "commit_then_drop", "endpoint": "/jsonrpc", "model": "purchase.order", "method": "create"})
        try:
            self.sim.jsonrpc("object", "execute_kw", DB, 2, "admin", "purchase.order", "create", [{"partner_id": vendor, "origin": "dropped-reply"}])
            raise Failure("the dropped reply arrived")
        except (ConnectionError, OSError, http.client.HTTPException):
            pass
        expect(self.call("purchase.order", "search_count", [[["origin", "=", "dropped-reply"]]]) == 1, "the dropped create committed")
        # xmlrpc.client retries a request once when the server disconnects without a reply, so
        # a dropped create runs twice: the duplicate check sees it.
        self.sim.control("faults/next", {"kind": "commit_then_drop", "endpoint": "/xmlrpc/2/object", "model": "purchase.order", "method": "create"})
        self.call("purchase.order", "create", [{"partner_id": vendor, "origin": "retried-by-xmlrpc"}])
        expect(self.call("purchase.order", "search_count", [[["origin", "=", "retried-by-xmlrpc"]]]) == 2, "xmlrpc.client's retry duplicated the create")
        duplicates = self.sim.get("/sim/duplicates")
        expect(any(group["origin"] == "retried-by-xmlrpc" for group in duplicates["by_origin"]), f"duplicates: {duplicates}")
        self.sim.control("faults/next", {"kind": "http_503"})
        status, payload, headers = self.sim.post("/jsonrpc", {"params": {"service": "common", "method": "version", "args": []}}, raw=True)
        expect(status == 503 and headers["Content-Type"].startswith("text/html"), f"503 with HTML: {status}")
        stats = self.sim.get("/sim/stats")
        expect(stats["faults"].get("commit_then_drop") == 2, f"stats count faults: {stats['faults']}")

CHECKS = ["version", "login", "reads", "create", "write_commands", "load", "workflow", "none_over_xmlrpc",
          "domains", "error_shapes", "session_expiry", "faults", "login_cooldown"]


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--binary", default=".build/debug/odoo-sim")
    parser.add_argument("--versions", default="17.0,19.0")
    arguments = parser.parse_args()
    passed = failed = 0
    for version in arguments.versions.split(","):
        try:
            sim = Simulator(arguments.binary, version)
        except Exception as error:  # noqa: BLE001
            print(f"FAIL {version} start: {error}")
            failed += len(CHECKS)
            continue
        try:
            suite = Suite(sim)
            for name in CHECKS:
                try:
                    getattr(suite, "check_" + name)()
                    passed += 1
                    print(f"ok   {version} {name}")
                except Exception as error:  # noqa: BLE001
                    failed += 1
                    print(f"FAIL {version} {name}: {error}")
                    if not isinstance(error, Failure):
                        traceback.print_exc(limit=3)
        finally:
            sim.stop()
    print(f"conformance: {passed} passed, {failed} failed")
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
