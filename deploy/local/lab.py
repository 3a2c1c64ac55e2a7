#!/usr/bin/env python3
"""The lab, run against the local system (deploy/local/crm up): the ten steps of the acceptance scenario through the
services' REST APIs, each checked, with the ids it made; then where to look. Standard library only.

Usage: deploy/local/crm lab      (the launcher passes the tokens in CRM_LAB_TOKEN and CRM_LAB_MANAGER_TOKEN)
Exit status 0 when every step succeeded, 1 at the first that did not.
"""
import datetime
import json
import os
import sys
import time
import urllib.error
import urllib.request

LEADS = "http://127.0.0.1:8081/api/v1/leads"
CONTACTS = "http://127.0.0.1:8082/api/v1/contacts"
ACCOUNTS = "http://127.0.0.1:8082/api/v1/accounts"
OPPORTUNITIES = "http://127.0.0.1:8083/api/v1/opportunities"
TIMELINE = "http://127.0.0.1:8084/api/v1"
TOKEN = os.environ["CRM_LAB_TOKEN"]
USER = os.environ.get("CRM_LAB_USER", "alice")
TTY = sys.stdout.isatty()


class StepFailed(Exception):
    pass


def call(method, url, body=None, content_type="application/json", expect=(200, 201, 204)):
    data = None if body is None else json.dumps(body).encode()
    request = urllib.request.Request(url, data=data, method=method)
    request.add_header("Authorization", "Bearer " + TOKEN)
    request.add_header("Accept", "application/json")
    if data is not None:
        request.add_header("Content-Type", content_type)
    try:
        with urllib.request.urlopen(request, timeout=30) as answer:
            status, text = answer.status, answer.read().decode()
    except urllib.error.HTTPError as error:
        status, text = error.code, error.read().decode()
    except urllib.error.URLError as error:
        raise StepFailed(f"{method} {url}: {error.reason} (is the system up? deploy/local/crm up)")
    if expect is not None and status not in expect:
        raise StepFailed(f"{method} {url} answered {status}: {text[:400]}")
    return status, (json.loads(text) if text.strip() else None)


def get(url):
    return call("GET", url)[1]


def eventually(what, check, seconds=15):
    """Polls check() until it returns a true value (the read models follow Kafka within milliseconds)."""
    deadline = time.time() + seconds
    last = None
    while time.time() < deadline:
        try:
            result = check()
            if result:
                return result
        except StepFailed as failure:
            last = failure
        time.sleep(0.2)
    raise StepFailed(f"{what}: not within {seconds} s" + (f" ({last})" if last else ""))


def require(condition, message):
    if not condition:
        raise StepFailed(message)


def step(number, title):
    mark = "\033[1m" if TTY else ""
    reset = "\033[0m" if TTY else ""
    print(f"\n{mark}Step {number}. {title}{reset}")


def ok(text):
    print(("  \033[32m✓\033[0m " if TTY else "  ok ") + text)


def qualify(lead_id):
    """Qualifies; when earlier lab runs left a Jon Doe or a Doe Inc., the 409 lists them and the lab goes on anyway."""
    status, answer = call("POST", f"{LEADS}/{lead_id}/qualify", {}, expect=(200, 409))
    if status == 409:
        duplicates = answer.get("duplicates", {})
        found = duplicates.get("contacts", []) + duplicates.get("accounts", [])
        ok(f"409 {answer.get('code')}: {len(found)} likely duplicate(s) from earlier runs; qualifying with ignoreDuplicates")
        answer = call("POST", f"{LEADS}/{lead_id}/qualify", {"ignoreDuplicates": True})[1]
    return answer


def lab():
    today = datetime.datetime.now(datetime.timezone.utc).date()
    tomorrow = today + datetime.timedelta(days=1)

    step(1, "Three leads")
    jane = call("POST", LEADS, {"topic": "Prospect machine à café sans société", "firstName": "Jane",
                                "lastName": "Doe", "jobTitle": "Responsable de la cafétéria"})[1]
    jon = call("POST", LEADS, {"topic": "Prospect machine à café avec société", "firstName": "Jon",
                               "lastName": "Doe", "companyName": "Doe Inc."})[1]
    jack = call("POST", LEADS, {"topic": "Autre prospect machine à café", "firstName": "Jack",
                                "lastName": "Rogers", "companyName": "Test Coffee Shop, Inc."})[1]
    for lead in (jane, jon, jack):
        require(lead["state"] == "OPEN" and lead["statusReason"] == "NEW", f"lead {lead['id']} is not OPEN/NEW")
        ok(f"{lead['topic']} ({lead['firstName']} {lead['lastName']}): {lead['id']}, OPEN/NEW, owner {lead['ownerId']}")

    step(2, "Qualify Jane's lead: an opportunity and a contact, no account")
    q = qualify(jane["id"])
    require(q["accountId"] is None, "Jane's qualification made an account")
    contact = eventually("Jane's contact", lambda: call("GET", f"{CONTACTS}/{q['contactId']}", expect=None)[1]
                         if call("GET", f"{CONTACTS}/{q['contactId']}", expect=None)[0] == 200 else None)
    require(contact["lastName"] == "Doe" and contact["originatingLeadId"] == jane["id"], "contact is not Jane's")
    opportunity = eventually("Jane's opportunity", lambda: opportunity_of(q["opportunityId"]))
    require(opportunity["accountId"] is None and opportunity["contactId"] == q["contactId"], "opportunity's customer")
    ok(f"contact Jane Doe {q['contactId']} ({contact['jobTitle']}); opportunity {q['opportunityId']} without account")

    step(3, "Qualify Jon's lead: an opportunity, a contact Jon Doe and an account Doe Inc., linked")
    q = qualify(jon["id"])
    jon_contact, jon_account, jon_opportunity = q["contactId"], q["accountId"], q["opportunityId"]
    require(jon_account is not None, "Jon's qualification made no account")
    account = eventually("Doe Inc.", lambda: record(f"{ACCOUNTS}/{jon_account}"))
    contact = eventually("Jon Doe", lambda: record(f"{CONTACTS}/{jon_contact}"))
    require(account["name"] == "Doe Inc." and contact["parentAccountId"] == jon_account, "contact not in Doe Inc.")
    require(account["primaryContactId"] == jon_contact, "Doe Inc.'s primary contact is not Jon Doe")
    opportunity = eventually("Jon's opportunity", lambda: opportunity_of(jon_opportunity))
    require(opportunity["accountId"] == jon_account and opportunity["contactId"] == jon_contact, "customer")
    ok(f"account Doe Inc. {jon_account}, primary contact Jon Doe {jon_contact}")
    ok(f"opportunity {jon_opportunity}: {opportunity['name']}, stage {opportunity['stage']}")

    step(4, "Disqualify Jack's lead as NO_LONGER_INTERESTED")
    lead = call("POST", f"{LEADS}/{jack['id']}/disqualify", {"reason": "NO_LONGER_INTERESTED"})[1]
    require(lead["state"] == "DISQUALIFIED", "not disqualified")
    status, refusal = call("PATCH", f"{LEADS}/{jack['id']}", {"rating": "COLD"}, "application/merge-patch+json",
                           expect=(409,))
    ok(f"DISQUALIFIED/{lead['statusReason']}; an edit is refused: 409 {refusal['code']}")
    open_ids = [l["id"] for l in get(f"{LEADS}?view=my-open&size=200")["items"]]
    closed_ids = [l["id"] for l in get(f"{LEADS}?view=closed&q=rogers&size=200")["items"]]
    require(jack["id"] not in open_ids and jack["id"] in closed_ids, "not moved from open to closed leads")
    ok("gone from my open leads, listed in closed leads")

    step(5, "Reactivate it: OPEN/NEW and editable again")
    lead = call("POST", f"{LEADS}/{jack['id']}/reactivate")[1]
    require(lead["state"] == "OPEN" and lead["statusReason"] == "NEW", "not OPEN/NEW")
    lead = call("PATCH", f"{LEADS}/{jack['id']}", {"rating": "WARM"}, "application/merge-patch+json")[1]
    ok(f"OPEN/NEW, and editable: rating {lead['rating']}")

    step(6, "Jon's opportunity: budget, purchase timeframe and process, description, close date, revenue")
    opportunity = call("PATCH", f"{OPPORTUNITIES}/{jon_opportunity}", {
        "budgetAmount": {"amount": 17000, "currency": "USD"}, "purchaseTimeframe": "THIS_QUARTER",
        "purchaseProcess": "COMMITTEE", "description": "Machine à café pour la cafétéria de Doe Inc.",
        "estimatedCloseDate": str(tomorrow), "estimatedRevenue": {"amount": 16500, "currency": "USD"}},
        "application/merge-patch+json")[1]
    ok(f"budget {opportunity['budgetAmount']['amount']} USD, {opportunity['purchaseTimeframe']}, "
       f"{opportunity['purchaseProcess']}, close {opportunity['estimatedCloseDate']}, "
       f"revenue {opportunity['estimatedRevenue']['amount']} USD")

    step(7, "A phone call \"premier appel de Jon\" due today 16:30 (UTC)")
    call_body = {"type": "PHONE_CALL", "subject": "premier appel de Jon", "dueAt": f"{today}T16:30:00Z",
                 "regarding": {"type": "OPPORTUNITY", "id": jon_opportunity}}
    phone = eventually("timeline-service knows the opportunity", lambda: created(f"{TIMELINE}/activities", call_body))
    lines = get(f"{TIMELINE}/timeline/opportunity/{jon_opportunity}")["items"]
    require(lines and lines[0]["id"] == phone["id"], "the call is not at the top of the opportunity's timeline")
    ok(f"phone call {phone['id']}, on the opportunity's timeline: {lines[0]['summary']}")
    mine = notifications()
    require(f"activity:{phone['id']}" in mine, "the call is not in the owner's notifications")
    ok(f"in {USER}'s notifications: {mine['activity:' + phone['id']]}")

    step(8, "Develop: customer need, proposed solution, stakeholders and competitors; next stage; Propose; next stage")
    process = call("POST", f"{OPPORTUNITIES}/{jon_opportunity}/process/next-stage")[1]
    ok(f"stage {process['activeStage']}")
    call("POST", f"{OPPORTUNITIES}/{jon_opportunity}/competitors", {"name": "Café Express"})
    call("PATCH", f"{OPPORTUNITIES}/{jon_opportunity}/process/steps", {
        "customerNeed": "Du café pour 40 personnes", "proposedSolution": "Machine à grains professionnelle",
        "identifyStakeholders": True, "identifyCompetitors": True}, "application/merge-patch+json")
    process = call("POST", f"{OPPORTUNITIES}/{jon_opportunity}/process/next-stage")[1]
    ok(f"Develop steps complete (competitor Café Express); stage {process['activeStage']}")
    call("PATCH", f"{OPPORTUNITIES}/{jon_opportunity}/process/steps", {
        "identifySalesTeam": True, "developProposal": True, "completeInternalReview": True, "presentProposal": True},
        "application/merge-patch+json")
    process = call("POST", f"{OPPORTUNITIES}/{jon_opportunity}/process/next-stage")[1]
    ok(f"Propose steps complete; stage {process['activeStage']}")

    step(9, "Complete the phone call: it leaves the notifications")
    done = call("POST", f"{TIMELINE}/activities/{phone['id']}/complete", {"statusReason": "MADE"})[1]
    require(done["state"] == "COMPLETED", "not completed")
    require(f"activity:{phone['id']}" not in notifications(), "still in the notifications")
    ok(f"{done['state']}/{done['statusReason']}, no longer in {USER}'s notifications")

    step(10, "Close steps complete; finish; close as won: WON and read-only")
    call("PATCH", f"{OPPORTUNITIES}/{jon_opportunity}/process/steps", {
        "completeFinalProposal": True, "presentFinalProposal": True, "confirmDecisionDate": str(tomorrow),
        "sendThankYouNote": True, "fileDebrief": True}, "application/merge-patch+json")
    call("POST", f"{OPPORTUNITIES}/{jon_opportunity}/process/finish")
    won = call("POST", f"{OPPORTUNITIES}/{jon_opportunity}/win", {})[1]
    require(won["state"] == "WON", "not won")
    status, refusal = call("PATCH", f"{OPPORTUNITIES}/{jon_opportunity}", {"rating": "HOT"},
                           "application/merge-patch+json", expect=(409,))
    ok(f"{won['state']}/{won['statusReason']}, actual revenue {won['actualRevenue']['amount']} USD; "
       f"an edit is refused: 409 {refusal['code']}")
    story = eventually("the win on the timeline", lambda: [l for l in get(
        f"{TIMELINE}/timeline/opportunity/{jon_opportunity}?kind=EVENT")["items"]
        if l["eventType"] == "crm.opportunity.won.v1"] and get(
        f"{TIMELINE}/timeline/opportunity/{jon_opportunity}")["items"])
    print("\nJon's opportunity's timeline, newest first:")
    for line in story:
        print(f"  {line['time'][:19].replace('T', ' ')}  {line['kind']:<10} {line['summary']}")

    print(f"""
Where to look (TOKEN=$(deploy/local/crm token {USER} salesperson); curl -H "Authorization: Bearer $TOKEN" ...):
  the opportunity         {OPPORTUNITIES}/{jon_opportunity}   (/history: its events)
  its timeline            {TIMELINE}/timeline/opportunity/{jon_opportunity}
  the account's timeline  {TIMELINE}/timeline/account/{jon_account}
  notifications           {TIMELINE}/notifications
  the pipeline            http://127.0.0.1:8083/api/v1/pipeline
  the events on Kafka     java -cp '.data/kafka/libs/*' org.apache.kafka.tools.consumer.ConsoleConsumer \\
                            --bootstrap-server 127.0.0.1:9092 --topic crm.opportunity.v1 --from-beginning \\
                            --property print.key=true --property print.headers=true --timeout-ms 5000
                          (topics: crm.lead.v1, crm.contact.v1, crm.account.v1, crm.opportunity.v1, crm.activity.v1,
                           crm.note.v1, crm.notification.v1; every event type: docs/asyncapi.yaml)
  OpenAPI documents       http://127.0.0.1:9081/q/openapi (9082, 9083, 9084 likewise: the management ports)""")


def record(url):
    status, body = call("GET", url, expect=None)
    return body if status == 200 else None


def opportunity_of(opportunity_id):
    return record(f"{OPPORTUNITIES}/{opportunity_id}")


def created(url, body):
    status, answer = call("POST", url, body, expect=(201, 400))
    return answer if status == 201 else None


def notifications():
    return {n["id"]: n["summary"] for n in get(f"{TIMELINE}/notifications?size=200")["items"]}


if __name__ == "__main__":
    try:
        lab()
    except StepFailed as failure:
        print(f"\n  FAILED: {failure}", file=sys.stderr)
        sys.exit(1)
    print("\nEvery step of the lab succeeded.")
