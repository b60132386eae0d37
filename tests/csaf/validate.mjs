// Checks cvdd's CSAF documents with the BSI's csaf-validator-lib: the CSAF 2.0 JSON schema
// and every mandatory test (CSAF 2.0 §6.1) must pass on every document, or this exits 1.
// The recommended ("optional", §6.2) tests are run and reported, not enforced.
//
//   node validate.mjs --fixtures PATH/csaf_fixtures   (writes the test cases, checks them)
//   node validate.mjs FILE.json...                      (checks the given documents)
//
// The library is installed under tests/csaf/node_modules by scripts/install-deps
// (npm ci, from package-lock.json).

import { execFileSync } from 'node:child_process'
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

const fail = (message) => {
  console.error(`csaf-validator: ${message}`)
  process.exit(1)
}

let schemaTests, mandatoryTests, optionalTests
try {
  schemaTests = await import('@secvisogram/csaf-validator-lib/schemaTests.js')
  mandatoryTests = await import('@secvisogram/csaf-validator-lib/mandatoryTests.js')
  optionalTests = await import('@secvisogram/csaf-validator-lib/optionalTests.js')
} catch (e) {
  fail(
    `@secvisogram/csaf-validator-lib is not installed under tests/csaf/node_modules ` +
      `(run scripts/install-deps): ${e.message}`
  )
}

let files = process.argv.slice(2)
let scratch = null
if (files[0] === '--fixtures') {
  scratch = mkdtempSync(join(tmpdir(), 'cvdd-csaf-'))
  execFileSync(files[1], [scratch], { stdio: 'inherit' })
  files = readdirSync(scratch)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((f) => join(scratch, f))
}
if (files.length === 0) fail('no document to check')

const run = async (test, doc) => {
  const r = (await test(doc)) ?? {}
  return { errors: r.errors ?? [], warnings: r.warnings ?? [], isValid: r.isValid !== false }
}

let failures = 0
const optionalPassing = new Map() // test name -> documents it passed on
for (const file of files) {
  const doc = JSON.parse(readFileSync(file, 'utf8'))
  const name = file.split('/').pop()
  const enforced = [['schema csaf_2_0', schemaTests.csaf_2_0]].concat(
    Object.entries(mandatoryTests)
  )
  for (const [testName, test] of enforced) {
    const r = await run(test, doc)
    if (!r.isValid || r.errors.length > 0) {
      failures++
      console.error(`FAIL ${name}: ${testName}: ${JSON.stringify(r.errors)}`)
    }
  }
  const recommended = []
  for (const [testName, test] of Object.entries(optionalTests)) {
    const r = await run(test, doc)
    const clean = r.isValid && r.errors.length === 0 && r.warnings.length === 0
    if (clean) optionalPassing.set(testName, (optionalPassing.get(testName) ?? 0) + 1)
    else recommended.push(`${testName} ${JSON.stringify(r.warnings.concat(r.errors))}`)
  }
  console.log(
    `${name}: schema and ${Object.keys(mandatoryTests).length} mandatory tests run` +
      (recommended.length ? `; recommended not passing: ${recommended.join('; ')}` : '')
  )
}
const optionalNames = Object.keys(optionalTests).sort((a, b) =>
  a.localeCompare(b, 'en', { numeric: true })
)
const everywhere = optionalNames.filter((t) => optionalPassing.get(t) === files.length)
console.log(`recommended tests passing on every document: ${everywhere.join(', ')}`)
console.log(
  `recommended tests not passing on every document: ${optionalNames
    .filter((t) => !everywhere.includes(t))
    .join(', ')}`
)
// The harness itself: broken copies of a document must be caught by the named test, or
// a validator that checks nothing would pass everything above.
if (scratch) {
  const base = JSON.parse(readFileSync(files.find((f) => f.endsWith('cve-cvss-credit.json')), 'utf8'))
  const broken = [
    ['schema csaf_2_0', (d) => (d.document.distribution.tlp.label = 'CLEAR')],
    ['mandatoryTest_6_1_1', (d) => d.vulnerabilities[0].product_status.fixed.push('CSAFPID-none')],
    ['mandatoryTest_6_1_9', (d) => (d.vulnerabilities[0].scores[0].cvss_v3.baseScore = 9.9)],
    ['mandatoryTest_6_1_16', (d) => (d.document.tracking.version = '7')],
  ]
  for (const [testName, breakIt] of broken) {
    const doc = structuredClone(base)
    breakIt(doc)
    const test =
      testName === 'schema csaf_2_0' ? schemaTests.csaf_2_0 : mandatoryTests[testName]
    const r = await run(test, doc)
    if (r.isValid && r.errors.length === 0) {
      failures++
      console.error(`FAIL: ${testName} did not catch a broken document`)
    }
  }
  rmSync(scratch, { recursive: true, force: true })
}
if (failures > 0) fail(`${failures} schema or mandatory test failure(s)`)
console.log(`csaf-validator: ${files.length} document(s) valid`)
