// bench-sync-peer.js — the peer of bench-sync-push.sh: the same journal
// entries (mallposctl journal --json) as documents of a local PouchDB
// (LevelDB), replicated to a CouchDB-compatible server (pouchdb-server) the
// way a PouchDB-based point of sale would sync. Only the replication is
// timed; loading the local database is not. Prints one JSON line:
// {"docs": N, "seconds": S}.
// usage: node bench-sync-peer.js JOURNAL.json SERVER_URL LOCAL_DIR BATCH
'use strict';
const fs = require('fs');
const PouchDB = require('pouchdb');

async function main () {
  const [file, server, dir, batch] = process.argv.slice(2);
  const entries = JSON.parse(fs.readFileSync(file, 'utf8'));
  const local = new PouchDB(dir);
  const docs = entries.map((e) => Object.assign({ _id: e.id }, e));
  for (let i = 0; i < docs.length; i += 1000)
    await local.bulkDocs(docs.slice(i, i + 1000));
  const remote = new PouchDB(server);
  const start = process.hrtime.bigint();
  const result = await local.replicate.to(remote, { batch_size: Number(batch) });
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  const info = await remote.info();
  if (!result.ok || info.doc_count !== docs.length)
    throw new Error(`the server holds ${info.doc_count} of ${docs.length} documents`);
  console.log(JSON.stringify({ docs: result.docs_written, seconds }));
}

main().catch((e) => { console.error(`bench-sync-peer: ${e.message}`); process.exit(1); });
