// A team's own step, loaded with `guardrails check --steps docs/examples/custom-steps.mjs`.
// Given/When/Then must come from tofu-guardrails (not from @cucumber/cucumber directly) so that the
// step registers with the same cucumber instance as the built-in steps and can use their parameter
// types ({attribute}, {values}, {type}, ...).
import { Then, readValue, verdict } from 'tofu-guardrails';

Then('its {attribute} map has the keys {values}', function (path, keys) {
  // Resources planned for deletion will not exist after apply, so their tags do not matter.
  this.judge(this.subjectsAfterApply.map((subject) => judgeKeys(subject, path, keys)));
});

/** One verdict per subject: failed when a key is missing, indeterminate when one is known only after apply. */
function judgeKeys(subject, path, keys) {
  const expected = `keys ${keys.map((key) => JSON.stringify(key)).join(', ')}`;
  if (subject.kind !== 'resource') {
    return verdict(subject, 'failed', path, `cannot be read: ${subject.address} is not a resource; expected ${expected}`);
  }
  const missing = [];
  const unknown = [];
  for (const key of keys) {
    // A null value reads as absent: a tag set to null is not set.
    const value = readValue(subject.resource, `${path}[${JSON.stringify(key)}]`);
    if (value.state === 'absent') missing.push(key);
    if (value.state === 'unknown') unknown.push(key);
  }
  if (missing.length > 0) {
    return verdict(subject, 'failed', path, `lacks ${missing.map((key) => JSON.stringify(key)).join(', ')}; expected ${expected}`, {
      expected,
      actual: `missing ${missing.join(', ')}`,
    });
  }
  if (unknown.length > 0) {
    return verdict(subject, 'indeterminate', path, `has ${unknown.join(', ')} known only after apply; expected ${expected}`, {
      expected,
      actual: 'known after apply',
    });
  }
  return verdict(subject, 'passed', path, `has ${expected}`);
}
