#!/usr/bin/env python3
"""Uploads a lead file to the running lead-service and shows the import's progress until it ends.

Run through `deploy/local/crm import FILE [--policy SKIP|CREATE] [--owner USER] [--source SOURCE] [--sheet NAME]
[--mapping JSON]`; the token comes from the launcher. Standard library only.
"""
import argparse
import json
import os
import sys
import time
import urllib.error
import urllib.parse
import urllib.request

BASE = os.environ.get("CRM_LEAD_SERVICE", "http://127.0.0.1:8081")
TOKEN = os.environ["CRM_IMPORT_TOKEN"]
TYPES = {".csv": "text/csv", ".xml": "application/xml",
         ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}


def call(method, path, body=None, content_type=None, headers=None):
    request = urllib.request.Request(BASE + path, data=body, method=method)
    request.add_header("Authorization", "Bearer " + TOKEN)
    if content_type:
        request.add_header("Content-Type", content_type)
    for name, value in (headers or {}).items():
        request.add_header(name, value)
    try:
        with urllib.request.urlopen(request, timeout=600) as response:
            return response.status, json.loads(response.read() or b"null")
    except urllib.error.HTTPError as e:
        text = e.read().decode("utf-8", "replace")
        try:
            return e.code, json.loads(text)
        except ValueError:
            return e.code, {"detail": text}


def bar(status, width=30):
    share = min(1.0, max(0.0, status.get("progress") or 0.0))
    filled = int(share * width)
    return "[%s%s] %3d%%  read %d  created %d  skipped %d  invalid %d" % (
        "#" * filled, "." * (width - filled), share * 100, status["rowsRead"], status["created"],
        status["skipped"], status["invalid"])


def main():
    parser = argparse.ArgumentParser(prog="deploy/local/crm import")
    parser.add_argument("file")
    parser.add_argument("--policy", choices=["SKIP", "CREATE"], default="SKIP",
                        help="SKIP rows that match an existing lead (default), or CREATE them all")
    parser.add_argument("--owner", help="owner of the leads (a sales manager's token is needed for another user)")
    parser.add_argument("--source", help="lead source of rows that give none, e.g. TRADE_SHOW")
    parser.add_argument("--sheet", help=".xlsx: the sheet to read (default the first)")
    parser.add_argument("--mapping", help='JSON object, column to lead field, e.g. {"Nom":"lastName"}')
    parser.add_argument("--key", help="Idempotency-Key: the same upload retried with it is one import")
    args = parser.parse_args()

    extension = os.path.splitext(args.file)[1].lower()
    if extension not in TYPES:
        sys.exit("error: %s: an import file is .csv, .xlsx or .xml" % args.file)
    query = {"fileName": os.path.basename(args.file), "duplicatePolicy": args.policy}
    for name, value in (("ownerId", args.owner), ("leadSource", args.source), ("sheet", args.sheet),
                        ("mapping", args.mapping)):
        if value:
            query[name] = value
    with open(args.file, "rb") as f:
        body = f.read()
    started = time.monotonic()
    status, answer = call("POST", "/api/v1/lead-imports?" + urllib.parse.urlencode(query), body, TYPES[extension],
                          {"Idempotency-Key": args.key} if args.key else None)
    if status != 202:
        sys.exit("error: %d %s: %s" % (status, answer.get("code", ""), answer.get("detail", answer)))
    import_id = answer["id"]
    print("import %s of %s (%d bytes), duplicates: %s" % (import_id, args.file, len(body), args.policy))
    tty = sys.stdout.isatty()
    last = None
    while True:
        status, current = call("GET", "/api/v1/lead-imports/" + import_id)
        if status != 200:
            sys.exit("error: %d reading the import: %s" % (status, current))
        line = bar(current)
        if tty:
            print("\r" + line, end="", flush=True)
        elif line != last:
            print(line, flush=True)
        last = line
        if current["state"] not in ("RUNNING", "REVERTING"):
            break
        time.sleep(0.5)
    if tty:
        print()
    elapsed = time.monotonic() - started
    print("%s in %.1f s: %d rows read, %d leads created, %d duplicates skipped, %d invalid rows%s" % (
        current["state"], elapsed, current["rowsRead"], current["created"], current["skipped"], current["invalid"],
        "" if not current.get("failure") else "\n  " + current["failure"]))
    if current["skipped"] or current["invalid"]:
        _, issues = call("GET", "/api/v1/lead-imports/%s/errors?size=10" % import_id)
        for issue in issues["items"]:
            print("  row %s  %-9s %-18s %s" % (issue["row"], issue["kind"], issue["field"] or "", issue["reason"]))
        if issues["totalItems"] > len(issues["items"]):
            print("  ... %d more" % (issues["totalItems"] - len(issues["items"])))
    print("""
  the import      %(b)s/api/v1/lead-imports/%(id)s
  its errors      %(b)s/api/v1/lead-imports/%(id)s/errors   (as CSV: -H 'Accept: text/csv')
  its leads       %(b)s/api/v1/leads?view=all&importId=%(id)s
  undo it         curl -X POST -H "Authorization: Bearer $TOKEN" %(b)s/api/v1/lead-imports/%(id)s/revert""" % {
        "b": BASE, "id": import_id})
    return 0 if current["state"] == "COMPLETED" else 1


if __name__ == "__main__":
    sys.exit(main())
