#!/usr/bin/env python3
"""Writes 200 expectations over a generated cluster (`palisade generate --tier M --seed 1`) for benchmarks/process.sh.

  expectations_m.py CLUSTER.json OUT.yaml PALISADE_COMMAND...

The claims are a mix like the home lab's: pod to pod on named and numbered ports (TCP, UDP, SCTP), DNS to CoreDNS,
Prometheus scraping, the ingress controller, addresses outside the cluster (one address, a CIDR, `internet`,
`private`), port sets and ranges, and selector ends (a namespace, a namespace selector, pods to come). The candidates
are drawn with a fixed seed from the cluster's own workloads and ingress rules, so about half of the pod-to-pod ones
are allowed. Their verdicts are then the engine's: the candidates are checked once as written (`PALISADE_COMMAND
check CLUSTER --expect ... --no-lint -o json`), each failing claim is flipped and checked again, and a claim that
fails both ways (a set that is partly open) is left out; 200 of those that remain, spread evenly over the candidates, are written, so `check` passes
(exit 0). Same cluster and same palisade verdicts give the same file.
"""
import json
import os
import random
import subprocess
import sys
import tempfile

COUNT = 200


def workloads(items):
    """(namespace, name, labels, ports) of every Deployment, ordered by namespace then name."""
    out = []
    for i in items:
        if i.get("kind") != "Deployment":
            continue
        meta = i["metadata"]
        spec = i["spec"]["template"]
        ports = [p for c in spec["spec"]["containers"] for p in c.get("ports") or []]
        out.append((meta["namespace"], meta["name"], spec["metadata"].get("labels") or {}, ports))
    return sorted(out, key=lambda w: (w[0], w[1]))


def ingress_pairs(items, by_app):
    """(source workload, destination workload, port text) that an ingress rule names: likely allowed."""
    pairs = []
    for i in items:
        if i.get("kind") != "NetworkPolicy":
            continue
        ns = i["metadata"]["namespace"]
        target = (i["spec"].get("podSelector") or {}).get("matchLabels", {}).get("app")
        if target is None or (ns, target) not in by_app:
            continue
        for rule in i["spec"].get("ingress") or []:
            ports = rule.get("ports") or []
            for peer in rule.get("from") or []:
                if set(peer) != {"podSelector"}:
                    continue
                for e in peer["podSelector"].get("matchExpressions") or []:
                    if e.get("key") != "app" or e.get("operator") != "In":
                        continue
                    for app in e["values"]:
                        if (ns, app) in by_app and ports:
                            p = ports[0]
                            pairs.append((by_app[(ns, app)], by_app[(ns, target)], f"{p['port']}/{p.get('protocol', 'TCP')}"))
    return pairs


def open_ports(items, compact):
    """(source workload name, destination workload name, first open port N/PROTO) from `matrix --output compact`."""
    owner = {}
    for i in items:
        if i.get("kind") == "Pod":
            refs = i["metadata"].get("ownerReferences") or []
            if refs:
                owner[f"{i['metadata']['namespace']}/{i['metadata']['name']}"] = f"{i['metadata']['namespace']}/{refs[0]['name']}"
    cls, out = {}, []
    for line in compact.splitlines():
        words = line.split()
        if words[:1] == ["class"]:
            cls[int(words[1])] = owner.get(words[4])
        elif words[:1] == ["allow"] and words[-1] != "all":
            first = words[-1].split(",")[0]
            number, proto = first.split("/")
            port = f"{number.split('-')[0]}/{proto}"
            for item in words[3].split(","):
                lo, _, hi = item.partition("-")
                for d in range(int(lo), int(hi or lo) + 1):
                    if cls.get(int(words[1])) and cls.get(d):
                        out.append((cls[int(words[1])], cls[d], port))
    return out


def name(w):
    return f"{w[0]}/{w[1]}"


def candidates(items, opened):
    rnd = random.Random(1)
    ws = workloads(items)
    by_name = {name(w): w for w in ws}
    apps = [w for w in ws if w[0].startswith("ns-")]
    by_app = {(w[0], w[2].get("app")): w for w in apps if w[2].get("app")}
    opened = [(by_name[s], by_name[d], p) for s, d, p in opened]
    pairs = ingress_pairs(items, by_app)
    rnd.shuffle(pairs)
    special = {w[1]: w for w in ws if not w[0].startswith("ns-")}
    out = []

    def add(group, title, src, dst, port, allowed=True):
        out.append({"group": group, "name": title, "from": src, "to": dst, "port": port, "allowed": allowed})

    def port_of(w, proto=None):
        ps = [p for p in w[3] if proto is None or p.get("protocol", "TCP") == proto]
        return ps[0] if ps else None

    # Pod to pod where the compact matrix says a port is open (numbers, and the destination's name for it): in tier M
    # the ingress controller and Prometheus to the apps, the apps to CoreDNS and to the node-network pods.
    open_pairs = [(s, d, p) for s, d, p in opened if s is not d]
    rnd.shuffle(open_pairs)
    for s, d, port in open_pairs[:50]:
        add("open", f"{name(s)} reaches {name(d)} on {port}", name(s), name(d), port)
    for s, d, port in open_pairs[50:70]:
        number, proto = port.split("/")
        named = [p["name"] for p in d[3] if p.get("name") and str(p["containerPort"]) == number and p.get("protocol", "TCP") == proto]
        if named:
            add("open", f"{name(s)} reaches {name(d)} on its {named[0]} port", name(s), name(d), f"{named[0]}/{proto}")
    for s, d, _ in pairs[70:90]:
        add("rules", f"{name(s)} cannot reach {name(d)} on 2222/TCP", name(s), name(d), "2222/TCP", False)
    # Random pairs within a namespace and across namespaces, on the destination's first port (TCP, UDP or SCTP).
    for k in range(30):
        s = rnd.choice(apps)
        same = [w for w in apps if w[0] == s[0] and w is not s]
        d = rnd.choice(same if k % 2 == 0 and same else apps)
        p = port_of(d)
        if p:
            add("pairs", f"{name(s)} to {name(d)} on {p['containerPort']}/{p.get('protocol', 'TCP')}", name(s), name(d), f"{p['containerPort']}/{p.get('protocol', 'TCP')}", False)
    for proto in ("UDP", "SCTP"):
        dsts = [w for w in apps if port_of(w, proto)]
        for _ in range(8):
            s, d = rnd.choice(apps), rnd.choice(dsts)
            p = port_of(d, proto)
            add("pairs", f"{name(s)} to {name(d)} on {p['name']} ({proto})", name(s), name(d), f"{p['containerPort']}/{proto}")
    # DNS, monitoring, ingress controller.
    for _ in range(10):
        s = rnd.choice(apps)
        add("platform", f"{name(s)} resolves DNS over UDP", name(s), name(special["coredns"]), "53/UDP")
        add("platform", f"{name(s)} cannot reach CoreDNS on 9153/TCP", name(s), name(special["coredns"]), "9153/TCP", False)
    for _ in range(8):
        d = rnd.choice([w for w in apps if any(p.get("name") == "metrics" for p in w[3])])
        add("platform", f"prometheus scrapes {name(d)} metrics", name(special["prometheus"]), name(d), "metrics")
    for _ in range(8):
        d = rnd.choice([w for w in apps if any(p.get("name") == "http" for p in w[3])])
        add("platform", f"ingress-nginx reaches {name(d)} http", name(special["ingress-nginx-controller"]), name(d), "http/TCP")
    # Outside the cluster: one address, CIDRs, address sets, port sets.
    for k in range(24):
        s = rnd.choice(apps)
        to, port = [("1.1.1.1", "443/TCP"), ("8.8.8.8", "53/UDP"), ("169.254.169.254", "80/TCP"), ("10.200.0.9", "443/TCP"),
                    ("203.0.113.0/24", "443/TCP"), ("internet", "443/TCP"), ("private", "5432/TCP"), ("internet", "80/TCP,8080/TCP")][k % 8]
        add("outside", f"{name(s)} to {to} on {port}", name(s), to, port)
    # Port sets and ranges to a workload.
    for s, d, _ in pairs[90:102]:
        add("sets", f"{name(s)} to {name(d)} on 1-1023/TCP", name(s), name(d), "1-1023/TCP", False)
        add("sets", f"{name(s)} to {name(d)} on any UDP", name(s), name(d), "1-65535/UDP", False)
    # Selector ends: a namespace's pods, a namespace selector, pods to come.
    for k in range(12):
        s, d = rnd.choice(apps), rnd.choice(apps)
        src = {"namespace": s[0], "podSelector": {"matchLabels": {"app": s[2]["app"]}}}
        if k % 3 == 0:
            src["hypothetical"] = True
        dst = {"namespace": d[0], "podSelector": {"matchLabels": {"app": d[2]["app"]}}}
        p = port_of(d)
        add("selectors", f"pods like {name(s)} to pods like {name(d)}", src, dst, f"{p['containerPort']}/{p.get('protocol', 'TCP')}", False)
    for k in range(4):
        d = rnd.choice(apps)
        add("selectors", f"every team-{k} pod to {name(d)} on 2222/TCP",
            {"namespaceSelector": {"matchLabels": {"team": f"team-{k}"}}}, name(d), "2222/TCP", False)
    return out


def document(exps):
    groups = {}
    for e in exps:
        groups.setdefault(e["group"], []).append({k: v for k, v in e.items() if k != "group"})
    return {
        "apiVersion": "palisade.dev/v1alpha1",
        "kind": "Expectations",
        "criteria": [{"id": g, "title": f"{g} ({len(v)})", "expect": v} for g, v in groups.items()],
    }


def write(path, exps):
    # JSON is YAML: json.dumps keeps the file free of PyYAML's version-dependent styles.
    with open(path, "w", encoding="utf-8") as h:
        h.write("# 200 expectations over generate --tier M --seed 1, verdicts from the engine (benchmarks/process/expectations_m.py)\n")
        h.write(json.dumps(document(exps), indent=1, sort_keys=False))
        h.write("\n")


def verdicts(palisade, cluster, exps, tmp):
    """Expectation name -> passed, from one `check` run."""
    path = os.path.join(tmp, "candidates.yaml")
    write(path, exps)
    run = subprocess.run([*palisade, "check", cluster, "--expect", path, "--no-lint", "-o", "json"], capture_output=True, text=True, check=False)
    if run.returncode not in (0, 1):
        sys.exit(f"expectations_m.py: check exited {run.returncode}:\n{run.stderr[-2000:]}")
    report = json.loads(run.stdout)
    return {e["name"]: e["passed"] for c in report["criteria"] for e in c["expectations"]}


def main(argv):
    if len(argv) < 4:
        sys.exit(__doc__)
    cluster, out, palisade = argv[1], argv[2], argv[3:]
    with open(cluster, encoding="utf-8") as h:
        items = json.load(h)["items"]
    run = subprocess.run([*palisade, "matrix", cluster, "--output", "compact"], capture_output=True, text=True, check=False)
    if run.returncode != 0:
        sys.exit(f"expectations_m.py: matrix exited {run.returncode}:\n{run.stderr[-2000:]}")
    exps, seen = [], set()
    for e in candidates(items, open_ports(items, run.stdout)):
        if e["name"] not in seen:
            seen.add(e["name"])
            exps.append(e)
    with tempfile.TemporaryDirectory() as tmp:
        first = verdicts(palisade, cluster, exps, tmp)
        for e in exps:
            if not first[e["name"]]:
                e["allowed"] = not e["allowed"]
        second = verdicts(palisade, cluster, exps, tmp)
    kept = [e for e in exps if second[e["name"]]]
    if len(kept) < COUNT:
        sys.exit(f"expectations_m.py: only {len(kept)} of {len(exps)} candidates have one verdict; need {COUNT}")
    # Thin evenly, so that every group keeps its share.
    kept = [kept[i * len(kept) // COUNT] for i in range(COUNT)]
    write(out, kept)
    allowed = sum(1 for e in kept if e["allowed"])
    print(f"wrote {out}: {COUNT} expectations ({allowed} allowed, {COUNT - allowed} denied) of {len(exps)} candidates")


if __name__ == "__main__":
    main(sys.argv)
