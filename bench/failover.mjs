// Failover and restart catch-up of one service run as two replicas (deploy/local/crm up --replicas 2): see bench/failover.
import { execFileSync, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

const ROOT = new URL('..', import.meta.url).pathname;
const SERVICE = process.env.BENCH_SERVICE ?? 'contact-account-service';
const KILLS = Number(process.env.BENCH_KILLS ?? 5);
const RATE = Number(process.env.BENCH_RATE ?? 10);            // qualifications/s
const BEFORE_S = Number(process.env.BENCH_BEFORE_S ?? 15);    // stream before the kill (warms a restarted survivor)
const AFTER_S = Number(process.env.BENCH_AFTER_S ?? 12);      // stream after it
const BOUND_S = Number(process.env.BENCH_BOUND_S ?? 60);      // an effect not visible by then is lost
const PORTS = { 'lead-service': 8081, 'contact-account-service': 8082, 'opportunity-service': 8083, 'timeline-service': 8084 };
const GROUPS = { 'contact-account-service': ['contact-account-service', 'lead-qualifications'],
                 'opportunity-service': ['opportunity-service', 'lead-qualifications'] };
const crm = (...args) => execFileSync(`${ROOT}deploy/local/crm`, args, { encoding: 'utf8' }).trim();
const token = crm('token', 'alice', 'salesperson');
const port = (service, k) => PORTS[service] + 100 * (k - 1);
const sleep = ms => new Promise(r => setTimeout(r, ms));
const now = () => performance.now();

async function call(method, url, body) {
  const res = await fetch(url, { method, headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body), signal: AbortSignal.timeout(10000) });
  const text = await res.text();
  return { status: res.status, json: text && res.headers.get('content-type')?.includes('json') ? JSON.parse(text) : null };
}

/** What the qualification must produce in the service under test, as paths on it. */
function effects(q) {
  if (SERVICE === 'contact-account-service') return [`/api/v1/contacts/${q.contactId}`, `/api/v1/accounts/${q.accountId}`];
  if (SERVICE === 'opportunity-service') return [`/api/v1/opportunities/${q.opportunityId}`];
  throw new Error(`no effects known for ${SERVICE}`);
}

async function visible(base, paths, deadline) {
  for (const p of paths) {
    while ((await call('GET', base + p).catch(() => ({ status: 0 }))).status !== 200) {
      if (now() > deadline) return false;
      await sleep(50);
    }
  }
  return true;
}

function groupMembers(group) {
  const out = spawnSync('java', ['-Dorg.slf4j.simpleLogger.defaultLogLevel=warn', '-cp', `${ROOT}.data/kafka/libs/*`,
    'org.apache.kafka.tools.consumer.group.ConsumerGroupCommand', '--bootstrap-server', '127.0.0.1:9092',
    '--describe', '--members', '--group', group], { encoding: 'utf8' }).stdout;
  return out.split('\n').filter(l => l.includes(group) || /\s\d+\s*$/.test(l));
}

function percentile(values, p) {
  const s = [...values].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil(p * s.length) - 1)];
}

const RUN = Date.now().toString(36);
const rounds = [];
const qualifiedAll = [];
for (let round = 1; round <= KILLS; round++) {
  const victim = round % 2 === 1 ? 1 : 2;
  const survivor = 3 - victim;
  const victimName = victim === 1 ? SERVICE : `${SERVICE}-${victim}`;
  const total = RATE * (BEFORE_S + AFTER_S);
  const leads = [];
  for (let i = 0; i < total; i++) {
    const r = await call('POST', `http://127.0.0.1:${port('lead-service', 1 + (i % 2))}/api/v1/leads`,
      { topic: `failover ${round}-${i}`, lastName: `Failover${RUN}x${round}x${i}`, companyName: `Failover ${RUN} ${round}-${i} Ltd` });
    if (r.status !== 201) throw new Error(`create answered ${r.status}`);
    leads.push(r.json.id);
  }
  const start = now();
  let killAt = null;
  const pending = [];
  for (let i = 0; i < total; i++) {
    const due = start + (i * 1000) / RATE;
    while (now() < due) await sleep(Math.max(0, Math.min(5, due - now())));
    if (killAt === null && now() - start >= BEFORE_S * 1000) {
      const pid = readFileSync(`${ROOT}.data/pids/${victimName}.pid`, 'utf8').trim();
      process.kill(Number(pid), 'SIGKILL');
      killAt = now();
      console.error(`killed ${victimName} (pid ${pid}) at ${new Date().toISOString()}`);
    }
    pending.push((async () => {
      const r = await call('POST', `http://127.0.0.1:${port('lead-service', 1 + (i % 2))}/api/v1/leads/${leads[i]}/qualify`, {});
      const answeredAt = now();
      if (r.status !== 200) { console.error(`qualify answered ${r.status}: ${JSON.stringify(r.json)}`); return { status: r.status }; }
      const ok = await visible(`http://127.0.0.1:${port(SERVICE, survivor)}`, effects(r.json), answeredAt + BOUND_S * 1000);
      return { status: 200, answeredAt, visibleAt: ok ? now() : null, q: r.json };
    })());
  }
  const results = await Promise.all(pending);
  const done = results.filter(r => r.status === 200);
  const lost = done.filter(r => r.visibleAt === null).length;
  // how long after the kill (or after its answer, when later) the last effect showed on the survivor
  const failoverMs = Math.max(...done.filter(r => r.visibleAt !== null)
    .map(r => r.visibleAt - Math.max(r.answeredAt, killAt)));
  qualifiedAll.push(...done.map(r => r.q));
  // restart: the launcher starts the missing instance; caught up once it holds partitions of its reaction group
  const restartAt = now();
  crm('up', '--replicas', '2');
  let caughtUpMs = null;
  const clientId = `${SERVICE}-${victim}-${GROUPS[SERVICE][1]}`;
  while (now() - restartAt < 120000) {
    const member = groupMembers(GROUPS[SERVICE][0]).find(l => l.includes(clientId));
    if (member && Number(member.trim().split(/\s+/).pop()) > 0) { caughtUpMs = now() - restartAt; break; }
    await sleep(200);
  }
  const row = { round, killed: victimName, qualified: done.length, refused: results.length - done.length, lost,
    failoverS: +(failoverMs / 1000).toFixed(2), restartCaughtUpS: caughtUpMs === null ? null : +(caughtUpMs / 1000).toFixed(2) };
  console.log(JSON.stringify(row));
  rounds.push(row);
}

// doubled effects: each created contact/account/opportunity once on its topic, under one event id
const topics = SERVICE === 'contact-account-service' ? ['crm.contact.v1', 'crm.account.v1'] : ['crm.opportunity.v1'];
let copies = 0, doubled = 0;
for (const topic of topics) {
  const out = spawnSync('java', ['-Dorg.slf4j.simpleLogger.defaultLogLevel=warn', '-cp', `${ROOT}.data/kafka/libs/*`,
    'org.apache.kafka.tools.consumer.ConsoleConsumer', '--bootstrap-server', '127.0.0.1:9092', '--topic', topic,
    '--from-beginning', '--timeout-ms', '8000', '--property', 'print.headers=true', '--property', 'print.value=false',
    '--property', 'print.key=true', '--property', 'headers.separator=|'], { encoding: 'utf8', maxBuffer: 1 << 28 }).stdout;
  const ids = new Map(), created = new Map();
  for (const line of out.split('\n')) {
    const id = /ce_id:([^|\t]+)/.exec(line)?.[1], type = /ce_type:([^|\t]+)/.exec(line)?.[1], subject = /ce_subject:([^|\t]+)/.exec(line)?.[1];
    if (!id) continue;
    ids.set(id, (ids.get(id) ?? 0) + 1);
    if (type?.endsWith('.created.v1')) created.set(subject, new Set([...(created.get(subject) ?? []), id]));
  }
  copies += [...ids.values()].filter(n => n > 1).length;
  doubled += [...created.values()].filter(s => s.size > 1).length;
}
const f = rounds.map(r => r.failoverS), c = rounds.map(r => r.restartCaughtUpS).filter(v => v !== null);
console.log(`service ${SERVICE}, ${KILLS} kills, ${RATE} qualifications/s, kill after ${BEFORE_S} s of ${BEFORE_S + AFTER_S} s`);
console.log(`failover (last effect visible on the survivor, after the kill): p50 ${percentile(f, 0.5)} s, max ${Math.max(...f)} s`);
console.log(`restart catch-up (launcher start to partitions held): p50 ${percentile(c, 0.5)} s, max ${Math.max(...c)} s`);
console.log(`lost ${rounds.reduce((a, r) => a + r.lost, 0)}, created twice ${doubled}, records on a topic twice (same ce_id) ${copies}`);
