// A large import's rate with and without a SIGKILL of the instance running it (deploy/local/crm up --replicas 2):
// see bench/import-failover.
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const ROOT = new URL('..', import.meta.url).pathname;
const ROWS = Number(process.env.BENCH_ROWS ?? 100000);
const KILL_AFTER = Number(process.env.BENCH_KILL_AFTER ?? 20000);
const crm = (...args) => execFileSync(`${ROOT}deploy/local/crm`, args, { encoding: 'utf8' }).trim();
const psql = sql => Number(execFileSync('psql', ['-h', '127.0.0.1', '-U', 'postgres', '-d', 'crm_lead', '-qAtX', '-c', sql],
  { encoding: 'utf8' }).trim());
const token = crm('token', 'bench-importer', 'salesperson');
const sleep = ms => new Promise(r => setTimeout(r, ms));
const url = k => `http://127.0.0.1:${8081 + 100 * (k - 1)}/api/v1/lead-imports`;

async function status(k, id) {
  const r = await fetch(`${url(k)}/${id}`, { headers: { Authorization: `Bearer ${token}` } });
  return r.json();
}

async function run(kill) {
  const run = Date.now().toString(36);
  const lines = ['Topic,Last Name,Company'];
  for (let i = 0; i < ROWS; i++) lines.push(`Import ${run} ${i},Bench${i},Bench ${run} ${i} Ltd`);
  const file = join(mkdtempSync(join(tmpdir(), 'import-failover-')), 'leads.csv');
  writeFileSync(file, lines.join('\n') + '\n');
  const before = psql("select count(*) from domainevententry where payloadtype like '%.LeadCreated'");
  const form = new FormData();
  form.append('file', new Blob([readFileSync(file)], { type: 'text/csv' }), 'leads.csv');
  form.append('duplicatePolicy', 'CREATE');
  const started = performance.now();
  const answer = await fetch(url(1), { method: 'POST', headers: { Authorization: `Bearer ${token}` }, body: form });
  if (answer.status !== 202) throw new Error(`upload answered ${answer.status}: ${await answer.text()}`);
  const { id } = await answer.json();
  let killedAt = null, readAtKill = null, s;
  for (;;) {
    s = await status(2, id);
    if (kill && killedAt === null && s.rowsRead >= KILL_AFTER) {
      process.kill(Number(readFileSync(`${ROOT}.data/pids/lead-service.pid`, 'utf8').trim()), 'SIGKILL');
      killedAt = performance.now();
      readAtKill = s.rowsRead;
    }
    if (s.state !== 'RUNNING') break;
    await sleep(250);
  }
  const seconds = (performance.now() - started) / 1000;
  const made = psql("select count(*) from domainevententry where payloadtype like '%.LeadCreated'") - before;
  const row = { kill, state: s.state, rows: ROWS, created: s.created, leadsInStore: made, seconds: +seconds.toFixed(1),
    rowsPerSecond: Math.round(ROWS / seconds), killedAfterRows: readAtKill,
    completedAfterKillS: killedAt === null ? null : +((performance.now() - killedAt) / 1000).toFixed(1) };
  console.log(JSON.stringify(row));
  if (kill) crm('up', '--replicas', '2');
  return row;
}

const plain = await run(false);
const killed = await run(true);
console.log(`${ROWS} rows: ${plain.rowsPerSecond} rows/s without a kill; ${killed.rowsPerSecond} rows/s with its instance killed after ${killed.killedAfterRows} rows (completed ${killed.completedAfterKillS} s after the kill by the other instance); leads made ${plain.leadsInStore} and ${killed.leadsInStore}`);
