import t from 'tap'
import { derivePodcastGuid, uuidV5 } from '../../src/model/podcast-guid.ts'

t.test('derives the podcast:guid test vector from the namespace documentation', async (t) => {
  t.equal(derivePodcastGuid('https://podnews.net/rss'), '9b024349-ccf0-5f69-a609-6b82873eab3c')
})

t.test('ignores the scheme and trailing slashes of the feed URL', async (t) => {
  t.equal(derivePodcastGuid('http://podnews.net/rss/'), '9b024349-ccf0-5f69-a609-6b82873eab3c')
  t.equal(derivePodcastGuid('podnews.net/rss'), '9b024349-ccf0-5f69-a609-6b82873eab3c')
})

t.test('computes RFC 9562 UUIDv5 (the DNS namespace example "www.example.com")', async (t) => {
  t.equal(uuidV5('www.example.com', '6ba7b810-9dad-11d1-80b4-00c04fd430c8'), '2ed6657d-e927-568b-95e1-2665a8aea6a2')
})
