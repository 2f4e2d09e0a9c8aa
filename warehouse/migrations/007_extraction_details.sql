-- Extraction analysts can trust (issue #4): the order of magnitude of vague counts
-- ("عشرات" 10, "المئات" 100), and a flag on dates that contradict themselves.
alter table numbers add column magnitude double;   -- vague counts: 10, 100, 1000 ...; else null
alter table dates add column flag varchar;         -- weekday_mismatch | after_publication | null
