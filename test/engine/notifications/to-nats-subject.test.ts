import test from 'ava';
import { PUBSUB_TOPIC, toNatsSubject } from '../../../engine/notifications/to-nats-subject.ts';

test('projects/{p}/topics/{t} maps to projects.{p}.topics.{t}', (t) => {
  t.is(toNatsSubject('projects/acme/topics/adt-feed'), 'projects.acme.topics.adt-feed');
  t.is(toNatsSubject('projects/my-project/topics/Lab_Results~1+%'), 'projects.my-project.topics.Lab_Results~1+%');
});

test('names that would not make one plain subject are no topic names', (t) => {
  for (const name of ['projects/a/topics/b.c', 'projects/a/topics/*', 'projects/a/topics/>', 'projects/a b/topics/c', 'projects/a/topics/', 'topics/a', 'projects/a/topics/b/c']) {
    t.false(PUBSUB_TOPIC.test(name), name);
    t.throws(() => toNatsSubject(name), { message: /is not a Pub\/Sub topic name/ });
  }
});
