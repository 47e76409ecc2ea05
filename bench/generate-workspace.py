#!/usr/bin/env python3
"""Writes a Paybench workspace with N provider instances, for start-up and filter benchmarks.

usage: generate-workspace.py N OUT [--platforms P]

The providers are spread over P platforms (default: one per 1,000 providers, at least one),
each with a plain publishable key and a secret API key whose value would live in the secret
store (so opening the file exercises the "not loaded yet" path, as a real workspace does).
"""
import argparse
import json
import sys
import uuid

REGIONS = [
    {"code": "eu", "countries": ["DE", "FR", "NL"], "currency": "EUR", "name": "Europe"},
    {"code": "jp", "countries": ["JP"], "currency": "JPY", "name": "Japan"},
    {"code": "us", "countries": ["US"], "currency": "USD", "name": "United States"},
    {"code": "uk", "countries": ["GB"], "currency": "GBP", "name": "United Kingdom"},
    {"code": "kw", "countries": ["KW"], "currency": "KWD", "name": "Kuwait"},
]
FUNCTIONS = ["create-payment", "capture-payment", "refund-payment", "get-payment-status",
             "generate-payment-link", "handle-webhook"]
FIELDS = ["createPaymentFunction", "capturePaymentFunction", "refundPaymentFunction",
          "getPaymentStatusFunction", "generatePaymentLinkFunction", "handleWebhookFunction"]


def platform(index):
    base = "https://gateway-%d.example.com" % index
    entry = {"name": "Gateway %d" % index}
    for field, slug in zip(FIELDS, FUNCTIONS):
        entry[field] = "%s/api/%s" % (base, slug)
    return dict(sorted(entry.items()))


def provider(index, platform_count):
    return {
        "code": "pp_shop-%05d" % index,
        "credentials": [
            {"key": "apiKey", "secret": True},
            {"key": "publishableKey", "value": "pk_test_%05d" % index},
        ],
        "environment": "live" if index % 7 == 0 else "sandbox",
        "installed": index % 11 != 0,
        "metadata": {"shard": index % 16},
        "name": "Shop %05d" % index,
        "platform": "Gateway %d" % (index % platform_count),
        "regions": [REGIONS[index % len(REGIONS)]["code"]],
    }


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("count", type=int, help="number of provider instances")
    parser.add_argument("out", help="workspace file to write")
    parser.add_argument("--platforms", type=int, default=0)
    args = parser.parse_args()
    if args.count < 0:
        parser.error("N must not be negative")
    platform_count = args.platforms or max(1, args.count // 1000)
    workspace = {
        "format": "paybench-workspace",
        "id": str(uuid.uuid4()),
        "platforms": [platform(i) for i in range(platform_count)],
        "providers": [provider(i, platform_count) for i in range(args.count)],
        "regions": REGIONS,
        "version": 2,
    }
    with open(args.out, "w", encoding="utf-8") as out:
        json.dump(workspace, out, indent=4)
        out.write("\n")
    print("%s: %d platforms, %d provider instances" % (args.out, platform_count, args.count),
          file=sys.stderr)


if __name__ == "__main__":
    main()
