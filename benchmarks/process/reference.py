#!/usr/bin/env python3
"""A short NetworkPolicy reference evaluator: the yardstick for palisade's start-up (benchmarks/process.sh).

It does the same job as `palisade matrix DIR --port P/PROTO --output json` and `palisade check DIR` on small inputs,
with the plain reading of the Kubernetes NetworkPolicy API (networking.k8s.io/v1) and nothing else: one pod per
workload, selectors with matchLabels and matchExpressions, namespace selectors, ipBlock for addresses outside the
cluster, numbered and named ports with endPort, Services resolved to their endpoint pods and targetPort. It is not
palisade's semantics (no admin tiers, no unknown-address handling); process.sh compares the two only on the
home lab, where they agree.

  reference.py matrix PATH... --port 22/TCP
  reference.py check DIR           (DIR/manifests, DIR/expectations.yaml)
"""
import ipaddress
import json
import os
import sys

import yaml

Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
WORKLOADS = {"Deployment", "StatefulSet", "DaemonSet", "ReplicaSet", "Job", "ReplicationController"}


def documents(paths):
    files = []
    for p in paths:
        if os.path.isdir(p):
            files += sorted(os.path.join(p, f) for f in os.listdir(p) if f.endswith((".yaml", ".yml", ".json")))
        else:
            files.append(p)
    for f in files:
        with open(f, encoding="utf-8") as h:
            docs = [json.load(h)] if f.endswith(".json") else list(yaml.load_all(h, Loader=Loader))
        for d in docs:
            if not isinstance(d, dict):
                continue
            if d.get("kind") == "List":
                yield from (i for i in d.get("items") or [] if isinstance(i, dict))
            else:
                yield d


class Cluster:
    def __init__(self, paths):
        self.ns_labels, self.pods, self.policies, self.services = {}, [], [], []
        for d in documents(paths):
            kind, meta = d.get("kind"), d.get("metadata") or {}
            ns = meta.get("namespace") or "default"
            if kind == "Namespace":
                self.ns_labels[meta["name"]] = dict(meta.get("labels") or {})
                continue
            if kind == "NetworkPolicy":
                self.policies.append((ns, d.get("spec") or {}))
            elif kind == "Service":
                self.services.append((ns, meta.get("name"), d.get("spec") or {}))
            elif kind == "Pod" or kind in WORKLOADS or kind == "CronJob":
                spec = d.get("spec") or {}
                if kind == "CronJob":
                    spec = ((spec.get("jobTemplate") or {}).get("spec") or {})
                tmpl = d if kind == "Pod" else spec.get("template") or {}
                labels = dict(((tmpl.get("metadata") or {}).get("labels")) or {})
                ports = [(c.get("name"), c.get("containerPort"), c.get("protocol") or "TCP")
                         for c in ((tmpl.get("spec") or {}).get("containers") or []) for c in c.get("ports") or []]
                self.pods.append({"ns": ns, "name": meta.get("name"), "labels": labels, "ports": ports})
            self.ns_labels.setdefault(ns, {})
        for name, labels in self.ns_labels.items():
            labels["kubernetes.io/metadata.name"] = name

    # ---- selectors and peers
    @staticmethod
    def matches(selector, labels):
        if selector is None:
            return False
        for k, v in (selector.get("matchLabels") or {}).items():
            if labels.get(k) != v:
                return False
        for e in selector.get("matchExpressions") or []:
            k, op, vals = e.get("key"), e.get("operator"), e.get("values") or []
            if op == "In" and labels.get(k) not in vals:
                return False
            if op == "NotIn" and k in labels and labels[k] in vals:
                return False
            if op == "Exists" and k not in labels:
                return False
            if op == "DoesNotExist" and k in labels:
                return False
        return True

    def peer_matches(self, peer, policy_ns, other):
        """other: a pod dict, or an ipaddress for a host outside the cluster."""
        if "ipBlock" in peer:
            if isinstance(other, dict):
                return False
            block = peer["ipBlock"]
            net = ipaddress.ip_network(block["cidr"], strict=False)
            return other in net and not any(other in ipaddress.ip_network(x, strict=False) for x in block.get("except") or [])
        if not isinstance(other, dict):
            return False
        if "namespaceSelector" in peer:
            if not self.matches(peer["namespaceSelector"], self.ns_labels.get(other["ns"], {})):
                return False
        elif other["ns"] != policy_ns:
            return False
        return "podSelector" not in peer or self.matches(peer["podSelector"], other["labels"])

    @staticmethod
    def port_matches(ports, port, proto, dst):
        if not ports:
            return True
        for p in ports:
            if (p.get("protocol") or "TCP") != proto:
                continue
            want = p.get("port")
            if want is None:
                return True
            if isinstance(want, str) and not want.isdigit():
                if isinstance(dst, dict) and any(n == want and pr == proto and cp == port for n, cp, pr in dst["ports"]):
                    return True
                continue
            lo = int(want)
            if lo <= port <= int(p.get("endPort") or lo):
                return True
        return False

    def direction_allows(self, pod, other, port, proto, dst, direction):
        key, peers_key = ("ingress", "from") if direction == "Ingress" else ("egress", "to")
        selected = False
        for ns, spec in self.policies:
            if ns != pod["ns"] or not self.matches(spec.get("podSelector") or {}, pod["labels"]):
                continue
            types = spec.get("policyTypes") or (["Ingress", "Egress"] if spec.get("egress") is not None else ["Ingress"])
            if direction not in types:
                continue
            selected = True
            for rule in spec.get(key) or []:
                peers = rule.get(peers_key)
                if (not peers or any(self.peer_matches(p, ns, other) for p in peers)) and \
                        self.port_matches(rule.get("ports"), port, proto, dst):
                    return True
        return not selected

    def allowed(self, src, dst, port, proto):
        if isinstance(src, dict) and not self.direction_allows(src, dst, port, proto, dst, "Egress"):
            return False
        return not isinstance(dst, dict) or self.direction_allows(dst, src, port, proto, dst, "Ingress")

    # ---- endpoints of expectations
    def endpoint(self, text, port, proto):
        """[(peer, port)] for one side: pods of a workload or pod, a Service's endpoint pods, or an address."""
        parts = text.split("/")
        svc = None
        if parts[0] == "svc" and len(parts) == 3:
            svc = next((s for s in self.services if s[0] == parts[1] and s[1] == parts[2]), None)
        elif len(parts) == 2:
            return [(p, port) for p in self.pods if p["ns"] == parts[0] and p["name"] == parts[1]]
        else:
            svc = next((s for s in self.services if (s[2].get("clusterIP") or "") == text), None)
            if svc is None:
                return [(ipaddress.ip_address(text), port)]
        ns, _, spec = svc
        sp = next((p for p in spec.get("ports") or [] if p.get("port") == port and (p.get("protocol") or "TCP") == proto), None)
        out = []
        for pod in self.pods:
            if pod["ns"] == ns and spec.get("selector") and self.matches({"matchLabels": spec["selector"]}, pod["labels"]):
                target = (sp or {}).get("targetPort", port)
                if isinstance(target, str) and not target.isdigit():
                    target = next((cp for n, cp, pr in pod["ports"] if n == target and pr == proto), None)
                if target is not None:
                    out.append((pod, int(target)))
        return out


PRIVATE = [ipaddress.ip_network(n) for n in ("10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16")]


def parse_port(text):
    if text == "any":
        return None, None
    number, _, proto = text.partition("/")
    return int(number), proto or "TCP"


def reaches_set(cluster, pod, name):
    """`to: internet|private, port: any`: does any egress rule of a pod allow some address of the set on some port?"""
    def overlaps(block):
        net = ipaddress.ip_network(block["cidr"], strict=False)
        if any(net.subnet_of(ipaddress.ip_network(x, strict=False)) for x in block.get("except") or [] if
               ipaddress.ip_network(x, strict=False).version == net.version):
            return False
        inside = [p for p in PRIVATE if p.version == net.version and (net.subnet_of(p) or p.subnet_of(net))]
        return bool(inside) if name == "private" else not any(net.subnet_of(p) for p in inside)
    selected = False
    for ns, spec in cluster.policies:
        if ns != pod["ns"] or not cluster.matches(spec.get("podSelector") or {}, pod["labels"]):
            continue
        types = spec.get("policyTypes") or (["Ingress", "Egress"] if spec.get("egress") is not None else ["Ingress"])
        if "Egress" not in types:
            continue
        selected = True
        for rule in spec.get("egress") or []:
            peers = rule.get("to")
            if not peers or any("ipBlock" in p and overlaps(p["ipBlock"]) for p in peers):
                return True
    return not selected


def main(argv):
    if len(argv) >= 3 and argv[0] == "matrix" and "--port" in argv:
        i = argv.index("--port")
        port, proto = parse_port(argv[i + 1])
        cluster = Cluster(argv[1:i] + argv[i + 2:])
        cells = [{"from": f"{s['ns']}/{s['name']}", "to": f"{d['ns']}/{d['name']}",
                  "allowed": cluster.allowed(s, d, port, proto)}
                 for s in cluster.pods for d in cluster.pods if s is not d]
        json.dump({"port": f"{port}/{proto}", "cells": cells}, sys.stdout)
        print()
        return 0
    if len(argv) == 2 and argv[0] == "check":
        cluster = Cluster([os.path.join(argv[1], "manifests")])
        with open(os.path.join(argv[1], "expectations.yaml"), encoding="utf-8") as h:
            doc = yaml.load(h, Loader=Loader)
        failed = total = skipped = 0
        for criterion in doc.get("criteria") or []:
            for e in criterion.get("expect") or []:
                if not isinstance(e["from"], str) or not isinstance(e["to"], str):
                    # Selector endpoints (quantified, hypothetical pods) are beyond this reference: skipped, counted.
                    skipped += 1
                    continue
                port, proto = parse_port(str(e["port"]))
                if port is None:
                    sources = [s for s, _ in cluster.endpoint(e["from"], 0, "TCP")]
                    verdict = any(reaches_set(cluster, s, e["to"]) for s in sources)
                    total += 1
                    ok = verdict == bool(e["allowed"])
                    failed += not ok
                    print(f"{'pass' if ok else 'FAIL'} {criterion.get('id')} {e.get('name')}")
                    continue
                sources = [s for s, _ in cluster.endpoint(e["from"], port, proto)]
                targets = cluster.endpoint(e["to"], port, proto)
                verdict = bool(sources and targets) and all(
                    cluster.allowed(s, d, p, proto) for s in sources for d, p in targets)
                total += 1
                ok = verdict == bool(e["allowed"])
                failed += not ok
                print(f"{'pass' if ok else 'FAIL'} {criterion.get('id')} {e.get('name')}")
        print(f"{total - failed} passed, {failed} failed, {skipped} skipped (selector endpoints)")
        return 1 if failed else 0
    print(__doc__, file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
