#!/usr/bin/env python3
"""The full-screen app's benchmarks, each beside its baseline or target, in one run.

Every figure is taken from outside, as a person at a terminal would see it: the program runs in
a pseudo-terminal of --size cells and a terminal emulator (pyte) keeps the screen it draws.

- start to first full paint with N orders in the database: from spawning the program until the
  screen shows a full first page of order rows, for `farmacy` and for VisiData opening the same
  SQLite file straight at its purchase_order table (median of --runs, after one warm-up run
  each; target: Farmacy >= 5x faster). Farmacy is given an Odoo address where nothing listens,
  so no demo and no network take part: it opens the database as it would with Odoo down;
- resident memory of the farmacy process (VmRSS and VmHWM from /proc) after the first paint,
  and after jumping to the end of the list, paging back up and searching (target <= 60 MB);
  VisiData's after its first paint is printed beside it;
- keypress to paint: `j` and `k` written alternately to the terminal, timed from the write
  until the screen shows the selection on its new row (--samples each), first with nothing to
  sync, then while the app's sync engine pushes --push-orders new local 5-line orders to an
  odoo-sim (targets: p99 <= 16 ms, and during the push within 1.2x of idle). odoo-sim stands in
  for an Odoo on another machine and runs at idle priority unless --sim-priority normal.
"""

import argparse
import fcntl
import os
import random
import re
import select
import shutil
import signal
import socket
import sqlite3
import statistics
import struct
import subprocess
import sys
import tempfile
import termios
import time

import pyte

# The programs measured run at the niceness this script was started with. When it may (root,
# or CAP_SYS_NICE), the script raises its priority while it starts them, and each terminal's
# stamper runs raised, so that the moments they are kept off a busy CPU are not counted
# against the program watched; while keys are timed, the script itself (the screen emulation,
# pure Python and far slower than a real terminal's) runs at idle priority, so that it never
# takes a core from them.
NORMAL_NICENESS = os.getpriority(os.PRIO_PROCESS, 0)
OBSERVER_BOOST = 10
BOOSTED = False  # set in main() when raising is allowed
REFERENCE = re.compile(r"\b[PL]\d{5,7}\b")
TODAY = "2026-11-01"  # a fixed demo day: the seeded database and odoo-sim hold the same orders


class Terminal:
    """A program in a pseudo-terminal, with the screen it has drawn so far.

    A small child process of its own (the stamper) owns the terminal: it writes the keys and
    reads the output, stamping each with the time, and passes both on through a pipe. It runs
    at this script's raised priority and does nothing else, so the stamps are taken promptly;
    emulating the screen (pyte, slow pure Python) happens here, at a lower priority than the
    program measured, so it never takes a core from it, and its own delays are not counted."""

    _OUTPUT, _SENT = b"O", b"S"

    def __init__(self, argv, env, cols, rows):
        self.cols, self.rows = cols, rows
        self.screen = pyte.Screen(cols, rows)
        self.stream = pyte.ByteStream(self.screen)
        self.started = time.perf_counter()
        pid, fd = os.forkpty()
        if pid == 0:
            try:
                fcntl.ioctl(0, termios.TIOCSWINSZ, struct.pack("HHHH", rows, cols, 0, 0))
                if BOOSTED:  # the program runs as usual, whatever this script's scheduling
                    os.sched_setscheduler(0, os.SCHED_OTHER, os.sched_param(0))
                os.setpriority(os.PRIO_PROCESS, 0, NORMAL_NICENESS)
                os.execve(argv[0], argv, env)
            finally:
                os._exit(127)
        keys_read, self.keys = os.pipe()
        self.records, records_write = os.pipe()
        try:  # room for a few seconds of output before the stamper has to queue it
            fcntl.fcntl(records_write, getattr(fcntl, "F_SETPIPE_SZ", 1031), 1 << 20)
        except OSError:
            pass
        stamper = os.fork()
        if stamper == 0:
            try:
                os.close(self.keys)
                os.close(self.records)
                self._stamp(fd, keys_read, records_write)
            finally:
                os._exit(0)
        os.close(keys_read)
        os.close(records_write)
        os.close(fd)
        self.pid, self.stamper = pid, stamper
        self.alive = True
        self.last_sent = None
        self.pending = b""
        self.has_reference = [False] * rows

    @classmethod
    def _stamp(cls, terminal, keys, records):
        """The stamper's loop: keys in from `keys`, output from `terminal`, records out.

        Records are queued here and written as the pipe takes them, so a slow emulation never
        stops the stamper from reading the terminal (which would stall the program)."""
        if BOOSTED:
            os.sched_setscheduler(0, os.SCHED_OTHER, os.sched_param(0))
            os.setpriority(os.PRIO_PROCESS, 0, NORMAL_NICENESS - OBSERVER_BOOST)
        os.set_blocking(records, False)
        backlog = bytearray()
        poller = select.poll()
        poller.register(terminal, select.POLLIN)
        poller.register(keys, select.POLLIN)
        watching_records = False
        terminal_open = True

        def record(kind, stamp, data):
            backlog.extend(kind + struct.pack("<dI", stamp, len(data)) + data)

        while True:
            if backlog:
                try:
                    del backlog[:os.write(records, backlog)]
                except BlockingIOError:
                    pass
                except BrokenPipeError:
                    return
            if bool(backlog) != watching_records:
                watching_records = bool(backlog)
                if watching_records:
                    poller.register(records, select.POLLOUT)
                else:
                    poller.unregister(records)
            for descriptor, _ in poller.poll():
                if descriptor == keys:
                    data = os.read(keys, 1 << 12)
                    if not data:
                        return
                    record(cls._SENT, time.perf_counter(), b"")
                    if terminal_open:
                        os.write(terminal, data)
                elif descriptor == terminal:
                    try:
                        data = os.read(terminal, 1 << 16)
                    except OSError:
                        data = b""
                    record(cls._OUTPUT, time.perf_counter(), data)
                    if not data:
                        poller.unregister(terminal)
                        terminal_open = False

    def _next_record(self, timeout):
        """The next (kind, stamp, data) from the stamper within `timeout` seconds, or None."""
        header = 13
        deadline = time.perf_counter() + max(0.0, timeout)
        while True:
            if len(self.pending) >= header:
                kind, (stamp, length) = self.pending[:1], struct.unpack("<dI", self.pending[1:header])
                if len(self.pending) >= header + length:
                    data = self.pending[header:header + length]
                    self.pending = self.pending[header + length:]
                    return kind, stamp, data
            left = deadline - time.perf_counter()
            ready, _, _ = select.select([self.records], [], [], max(0.0, left))
            if not ready:
                return None
            chunk = os.read(self.records, 1 << 16)
            if not chunk:
                return None
            self.pending += chunk

    def read(self, timeout):
        """Feeds the next chunk that arrives within `timeout` seconds to the screen; returns when
        it arrived, or None. The stamp of a key sent meanwhile is kept in `last_sent`."""
        if not self.alive:
            time.sleep(max(0.0, timeout))
            return None
        deadline = time.perf_counter() + max(0.0, timeout)
        while True:
            record = self._next_record(deadline - time.perf_counter())
            if record is None:
                return None
            kind, stamp, data = record
            if kind == self._SENT:
                self.last_sent = stamp
                continue
            if not data:
                self.alive = False
                return None
            self.stream.feed(data)
            return stamp

    def wait_for(self, condition, timeout, what):
        """Reads until `condition(screen)` holds; returns when the bytes that made it true arrived."""
        deadline = time.perf_counter() + timeout
        if condition(self.screen):
            return time.perf_counter()
        while time.perf_counter() < deadline:
            arrived = self.read(deadline - time.perf_counter())
            if arrived is not None and condition(self.screen):
                return arrived
            if not self.alive:
                break
        raise RuntimeError(f"timed out waiting for {what}; the screen shows:\n" + "\n".join(self.screen.display))

    def settle(self, quiet=0.5, timeout=60):
        """Reads until nothing has arrived for `quiet` seconds."""
        deadline = time.perf_counter() + timeout
        while time.perf_counter() < deadline:
            if self.read(quiet) is None:
                return

    def reference_rows(self):
        """How many rows of the screen show an order reference; only rows drawn since the last
        call are read again, so that watching the screen costs little CPU beside the program."""
        for y in self.screen.dirty:
            if y < self.rows:
                row = self.screen.buffer[y]
                self.has_reference[y] = REFERENCE.search("".join(row[x].data for x in range(self.cols))) is not None
        self.screen.dirty.clear()
        return sum(self.has_reference)

    def drain(self):
        """Takes in whatever has already arrived."""
        while self.read(0) is not None:
            pass

    def send(self, data):
        """Has the stamper write `data`; its stamp arrives as `last_sent` before any answer."""
        os.write(self.keys, data)

    def memory(self):
        """VmRSS and VmHWM in MB."""
        values = {}
        with open(f"/proc/{self.pid}/status") as status:
            for line in status:
                key, _, value = line.partition(":")
                if key in ("VmRSS", "VmHWM"):
                    values[key] = int(value.split()[0]) / 1024
        return values["VmRSS"], values["VmHWM"]

    def close(self, keys=b"q"):
        """Asks the program to quit with `keys`, then insists."""
        if self.alive:
            try:
                self.send(keys)
            except OSError:
                pass
        for sig in (None, signal.SIGTERM, signal.SIGKILL):
            if sig is not None:
                try:
                    os.kill(self.pid, sig)
                except ProcessLookupError:
                    pass
            deadline = time.perf_counter() + 3
            while time.perf_counter() < deadline:
                self.read(0.05)
                done, _ = os.waitpid(self.pid, os.WNOHANG)
                if done:
                    self._finish()
                    return
        os.waitpid(self.pid, 0)
        self._finish()

    def _finish(self):
        os.close(self.keys)  # the stamper ends when its key pipe closes
        deadline = time.perf_counter() + 3
        while time.perf_counter() < deadline:
            if os.waitpid(self.stamper, os.WNOHANG)[0]:
                break
            # Whatever it still has to pass on is read and dropped, so it can reach its end.
            if select.select([self.records], [], [], 0.05)[0] and not os.read(self.records, 1 << 16):
                continue
        else:
            os.kill(self.stamper, signal.SIGKILL)
            os.waitpid(self.stamper, 0)
        os.close(self.records)


def reference_column(screen):
    """The column where the order references start."""
    for line in screen.display:
        match = REFERENCE.search(line)
        if match:
            return match.start()
    return None


def selected_row(screen, column):
    """The screen row drawn with a background no other order row has: the selection.

    Looks at two cells of each row only, so that watching the screen costs little CPU beside
    the program measured. The cell looked at is the padding after the reference, which only
    the selection highlight colours (an urgent order's reference has a colour of its own)."""
    styles = {}
    for y in range(screen.lines):
        row = screen.buffer[y]
        if row[column].data in ("P", "L") and row[column + 1].data.isdigit():
            cell = row[column + 8]
            styles.setdefault((cell.bg, cell.reverse), []).append(y)
    singles = [rows[0] for rows in styles.values() if len(rows) == 1]
    return singles[0] if len(singles) == 1 and len(styles) > 1 else None


def percentile(values, share):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(share * (len(ordered) - 1))))]


def as_usual():
    """A prefix that runs a command at the niceness this script was started with."""
    boost = NORMAL_NICENESS - os.getpriority(os.PRIO_PROCESS, 0)
    return ["nice", "-n", str(boost)] if boost else []


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--orders", type=int, default=100_000)
    parser.add_argument("--push-orders", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=5, help="timed starts of each program (after one warm-up)")
    parser.add_argument("--samples", type=int, default=300, help="keypresses timed in each latency case")
    parser.add_argument("--size", default="200x60", help="terminal size, COLSxROWS")
    parser.add_argument("--farmacy", required=True)
    parser.add_argument("--odoo-sim", required=True)
    parser.add_argument("--visidata", required=True, help="the vd executable")
    parser.add_argument("--keep", action="store_true", help="keep the work folder")
    parser.add_argument("--sim-priority", choices=("idle", "normal"), default="idle",
                        help="how odoo-sim is scheduled during the push: idle (the default) stands in for an Odoo "
                             "on another machine, whose CPU is not this one's; normal lets it compete with the app "
                             "for this machine's cores as an equal")
    args = parser.parse_args()
    global BOOSTED
    try:
        os.setpriority(os.PRIO_PROCESS, 0, NORMAL_NICENESS - OBSERVER_BOOST)
        BOOSTED = True
    except PermissionError:
        BOOSTED = False
    print(f"this script and its stampers at nice {os.getpriority(os.PRIO_PROCESS, 0)} (the screen emulation at "
          f"{'idle priority' if BOOSTED else 'that niceness'} while keys are timed), "
          f"the programs measured at nice {NORMAL_NICENESS}"
          + ("" if BOOSTED else " (not allowed to raise priorities: the stamps may come late)"), flush=True)
    cols, rows = (int(x) for x in args.size.lower().split("x"))

    work = tempfile.mkdtemp(prefix="farmacy-bench-tui-")
    try:
        run(args, work, cols, rows)
    finally:
        if args.keep:
            print(f"work folder kept: {work}", file=sys.stderr)
        else:
            shutil.rmtree(work, ignore_errors=True)
    return 0


def run(args, work, cols, rows):
    load_before = os.getloadavg()[0]  # other work on the machine shows in every figure
    farmacy = os.path.abspath(args.farmacy)
    home = os.path.join(work, "home")
    for folder in ("home", "config", "data"):
        os.makedirs(os.path.join(work, folder))
    base = {key: value for key, value in os.environ.items() if not key.startswith("FARMACY_")}
    base.update(HOME=home, XDG_CONFIG_HOME=os.path.join(work, "config"), XDG_DATA_HOME=os.path.join(work, "data"),
                TERM="xterm-256color", LANG="C.UTF-8", LC_ALL="C.UTF-8", COLUMNS=str(cols), LINES=str(rows))
    base.pop("NO_COLOR", None)
    database = os.path.join(work, "orders.sqlite")
    push_database = os.path.join(work, "push.sqlite")

    def cli(db, *arguments):
        result = subprocess.run([*as_usual(), farmacy, *arguments], env=dict(base, FARMACY_DB=db), capture_output=True,
                                text=True)
        if result.returncode != 0:
            raise RuntimeError(f"farmacy {' '.join(arguments)}: {result.stderr.strip()}")
        return result.stdout.strip()

    print(f"seeding {args.orders:,} orders…", file=sys.stderr, flush=True)
    cli(database, "demo", "seed", "--orders", str(args.orders), "--today", TODAY)
    shutil.copyfile(database, push_database)
    print(f"creating {args.push_orders:,} local orders to push…", file=sys.stderr, flush=True)
    cli(push_database, "demo", "load", "--orders", str(args.push_orders), "--lines", "5", "--seed", "5")

    # Farmacy opens the database with an Odoo configured where nothing listens: no demo, no
    # network; the engine's first attempt fails fast and the app carries on offline.
    offline = dict(base, FARMACY_DB=database, FARMACY_ODOO_URL=f"http://127.0.0.1:{free_port()}",
                   FARMACY_ODOO_DB="farmacy", FARMACY_ODOO_USER="admin", FARMACY_ODOO_PASSWORD="admin")
    farmacy_argv = [farmacy]
    vd_argv = [os.path.abspath(args.visidata), database, "+:purchase_order::"]

    # --- 1. start to first full paint
    def start(argv, env, full_rows):
        terminal = Terminal(argv, env, cols, rows)
        painted = terminal.wait_for(lambda _: terminal.reference_rows() >= full_rows, 60, "the first page of orders")
        return terminal, painted - terminal.started

    def calibrate(argv, env, quit_keys):
        # A warm-up run, which also finds how many order rows a full first page has.
        terminal, _ = start(argv, env, 1)
        terminal.settle(quiet=1.5)
        full = terminal.reference_rows()
        terminal.close(quit_keys)
        return full

    farmacy_rows = calibrate(farmacy_argv, offline, b"q")
    vd_rows = calibrate(vd_argv, base, b"gq")
    farmacy_times, vd_times = [], []
    vd_memory = None
    for _ in range(args.runs):
        terminal, elapsed = start(farmacy_argv, offline, farmacy_rows)
        farmacy_times.append(elapsed)
        terminal.close(b"q")
        terminal, elapsed = start(vd_argv, base, vd_rows)
        vd_times.append(elapsed)
        if vd_memory is None:
            terminal.settle(quiet=0.5)
            vd_memory = terminal.memory()
        terminal.close(b"gq")
    farmacy_start = statistics.median(farmacy_times)
    vd_start = statistics.median(vd_times)
    print(f"start to first full paint, {args.orders:,} orders ({cols}x{rows}, median of {args.runs}; "
          f"{farmacy_rows} and {vd_rows} order rows on screen)", flush=True)
    print(f"  farmacy {farmacy_start * 1000:8.1f} ms   visidata {vd_start * 1000:8.1f} ms   "
          f"ratio {vd_start / farmacy_start:5.1f}x  (target >= 5x)", flush=True)
    print(f"  runs: farmacy {' '.join(f'{t * 1000:.0f}' for t in farmacy_times)} ms; "
          f"visidata {' '.join(f'{t * 1000:.0f}' for t in vd_times)} ms", flush=True)

    # --- 2. resident memory
    terminal, _ = start(farmacy_argv, offline, farmacy_rows)
    terminal.settle(quiet=0.5)
    first = terminal.memory()
    terminal.send(b"G")  # the end of the list
    terminal.settle(quiet=0.5)
    for _ in range(40):  # page back up through the list, each page loaded as it comes into view
        terminal.send(b"\x1b[5~")
        terminal.settle(quiet=0.05)
    terminal.settle(quiet=0.5)
    terminal.send(b"/carprofen\r")
    terminal.settle(quiet=1.0)
    searched = terminal.memory()
    terminal.close(b"\x1bq")
    print(f"resident memory, {args.orders:,} orders", flush=True)
    print(f"  farmacy after first paint          {first[0]:6.1f} MB (peak {first[1]:6.1f} MB)   "
          f"ratio to target {first[1] / 60:4.2f}  (target <= 60 MB)", flush=True)
    print(f"  farmacy after end, paging, search  {searched[0]:6.1f} MB (peak {searched[1]:6.1f} MB)   "
          f"ratio to target {searched[1] / 60:4.2f}  (target <= 60 MB)", flush=True)
    print(f"  visidata after first paint         {vd_memory[0]:6.1f} MB (peak {vd_memory[1]:6.1f} MB)   "
          f"ratio {vd_memory[0] / first[0]:4.1f}x farmacy's", flush=True)

    # --- 3. keypress to paint
    # The screen emulation yields to the programs from here on (SCHED_IDLE: it runs when they
    # leave a core free; what it has not emulated yet waits in the stamper's pipe, already
    # stamped); the stampers and the programs are put back to normal scheduling as they start.
    if BOOSTED:
        os.sched_setscheduler(0, os.SCHED_IDLE, os.sched_param(0))
    def latencies(env, full_rows, during=None):
        terminal, _ = start(farmacy_argv, env, full_rows)
        try:
            return keypresses(terminal, during)
        finally:
            terminal.close(b"q")

    def keypresses(terminal, during):
        terminal.settle(quiet=0.3, timeout=2)
        if during:
            during(terminal)
        samples = []
        column = reference_column(terminal.screen)
        for index in range(args.samples):
            terminal.drain()
            terminal.wait_for(lambda screen: selected_row(screen, column) is not None, 5, "a selected row")
            before = selected_row(terminal.screen, column)
            key = b"j" if index % 2 == 0 else b"k"
            terminal.last_sent = None
            terminal.send(key)
            arrived = terminal.wait_for(lambda screen: selected_row(screen, column) not in (None, before), 5,
                                        f"the selection to move on key {key!r}")
            if terminal.last_sent is None:
                raise RuntimeError("the screen changed before the key was sent")
            samples.append((arrived - terminal.last_sent) * 1000)
            time.sleep(random.uniform(0.02, 0.05))  # a fast typist, not a flood
        return samples, terminal.memory()

    idle, _ = latencies(offline, farmacy_rows)

    # A real Odoo runs elsewhere: its work does not take this machine's cores from the app. By
    # default odoo-sim runs under SCHED_IDLE, so it only uses CPU time the app and its engine
    # leave free, and what is measured is the engine's push against the app's own keys.
    if args.sim_priority == "idle" and shutil.which("chrt"):
        server_priority = ["chrt", "--idle", "0"]
    elif BOOSTED and shutil.which("chrt"):
        server_priority = ["chrt", "--other", "0"]  # not this script's idle scheduling
    else:
        server_priority = []
    sim = subprocess.Popen([*server_priority, *as_usual(), os.path.abspath(args.odoo_sim), "--port", "0", "--orders", str(args.orders),
                            "--today", TODAY], stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    try:
        url = sim.stdout.readline().strip().rsplit(" ", 1)[-1]
        pushing = dict(offline, FARMACY_DB=push_database, FARMACY_ODOO_URL=url)

        def pending():
            with sqlite3.connect(f"file:{push_database}?mode=ro", uri=True) as db:
                return db.execute("SELECT count(*) FROM outbox_job WHERE state IN ('pending', 'in_flight')").fetchone()[0]

        progress = {}

        def wait_for_push(terminal):
            deadline = time.perf_counter() + 60
            while (left := pending()) >= args.push_orders and time.perf_counter() < deadline:
                terminal.read(0.1)
            progress["before"] = left

        busy, busy_memory = latencies(pushing, farmacy_rows, during=wait_for_push)
        progress["after"] = pending()
    finally:
        sim.terminate()
        sim.wait()

    def summary(values):
        return percentile(values, 0.5), percentile(values, 0.9), percentile(values, 0.99)

    idle_p = summary(idle)
    busy_p = summary(busy)
    print(f"keypress to paint ({args.samples} keys each, j/k alternately; odoo-sim "
          f"{'at idle priority, as a server on another machine' if server_priority[:2] == ['chrt', '--idle'] else 'competing for the cores'})",
          flush=True)
    print(f"  idle                    p50 {idle_p[0]:6.2f} ms   p90 {idle_p[1]:6.2f} ms   p99 {idle_p[2]:6.2f} ms   "
          f"max {max(idle):6.2f} ms  (target p99 <= 16 ms)", flush=True)
    print(f"  during a {args.push_orders:,}-order push  p50 {busy_p[0]:6.2f} ms   p90 {busy_p[1]:6.2f} ms   "
          f"p99 {busy_p[2]:6.2f} ms   max {max(busy):6.2f} ms  (target p99 <= 16 ms)", flush=True)
    print(f"  push / idle             p50 {busy_p[0] / idle_p[0]:5.2f}x   p90 {busy_p[1] / idle_p[1]:5.2f}x   "
          f"p99 {busy_p[2] / idle_p[2]:5.2f}x  (target p99 <= 1.2x); jobs waiting {progress['before']:,} "
          f"before the keys, {progress['after']:,} after", flush=True)
    print(f"  farmacy's memory after the keys during the push: {busy_memory[0]:.1f} MB (peak {busy_memory[1]:.1f} MB)",
          flush=True)
    print(f"load average (1 min) at the start {load_before:.2f}, at the end {os.getloadavg()[0]:.2f} "
          f"on {os.cpu_count()} cores", flush=True)


if __name__ == "__main__":
    sys.exit(main())
