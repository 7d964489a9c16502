#!/usr/bin/env python3
"""Start-up time and idle memory of portsplit, with and without the management server.

    python3 bench/measure-startup.py [--runs N] JAR [JAR ...]

Each JAR is started ROUNDS times, round-robin, as
    java -jar JAR CONF --server.port=PORT [--management... defaults of the jar]
and for the first JAR also with --spring.main.web-application-type=none (no web server).
Reported per variant (median): seconds from exec to the first bind accepting a TCP
connection, seconds to the first 200 from /actuator/health, and RSS (VmRSS) and thread
count after 20 health requests, one /actuator/prometheus scrape and 10 s idle.
Loopback only; every process is stopped with SIGTERM.
"""
import argparse, os, socket, statistics, subprocess, sys, tempfile, time, urllib.request


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def port_open(port):
    with socket.socket() as s:
        s.settimeout(0.2)
        try:
            s.connect(("127.0.0.1", port))
            return True
        except OSError:
            return False


def http_ok(port, path="/actuator/health"):
    try:
        return urllib.request.urlopen(f"http://127.0.0.1:{port}{path}", timeout=1).status == 200
    except Exception:
        return False


def proc_status(pid, key):
    for line in open(f"/proc/{pid}/status"):
        if line.startswith(key + ":"):
            return int(line.split()[1])


def run_once(jar, extra, web):
    bind, mgmt = free_port(), free_port()
    conf = tempfile.NamedTemporaryFile("w", suffix=".conf", delete=False)
    conf.write(f"bind = 127.0.0.1:{bind}\n[http]\nstring = GET\nconnect = 127.0.0.1:1\n")
    conf.close()
    args = ["java", "-jar", jar, conf.name, f"--server.port={mgmt}"] + extra
    t0 = time.monotonic()
    p = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = t0 + 120
        while not port_open(bind):
            if time.monotonic() > deadline or p.poll() is not None:
                raise RuntimeError("did not start: " + " ".join(args))
            time.sleep(0.01)
        t_bind = time.monotonic() - t0
        t_http = t_bind
        if web:
            while not http_ok(mgmt):
                if time.monotonic() > deadline:
                    raise RuntimeError("no health answer")
                time.sleep(0.01)
            t_http = time.monotonic() - t0
            for _ in range(20):
                http_ok(mgmt)
            http_ok(mgmt, "/actuator/prometheus")
        time.sleep(10)
        return t_bind, t_http, proc_status(p.pid, "VmRSS") / 1024, proc_status(p.pid, "Threads")
    finally:
        p.terminate()
        p.wait(30)
        os.unlink(conf.name)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=6)
    parser.add_argument("jars", nargs="+")
    a = parser.parse_args()
    variants = [(os.path.basename(j), j, [], True) for j in a.jars]
    variants.append((os.path.basename(a.jars[0]) + " (web-application-type=none)", a.jars[0],
                     ["--spring.main.web-application-type=none"], False))
    results = {name: [] for name, *_ in variants}
    for _ in range(a.runs):
        for name, jar, extra, web in variants:
            results[name].append(run_once(jar, extra, web))
    for name, rows in results.items():
        med = [statistics.median(r[i] for r in rows) for i in range(4)]
        print(f"{name}: bind listening {med[0]:.2f} s, first health 200 {med[1]:.2f} s, "
              f"RSS {med[2]:.0f} MiB, threads {med[3]:.0f}  (median of {len(rows)})")


if __name__ == "__main__":
    sys.exit(main())
