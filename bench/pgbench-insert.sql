-- one durable one-row insert per transaction (pgbench custom script, run by bench/lead-create)
insert into bench_insert (payload) values ('{"topic":"Bench lead","lastName":"Doe"}');
