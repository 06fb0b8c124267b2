// Run once by run.sh before the tests: records the seeded persons so each test picks its own.
import { snapshot } from './harness/persons.js';

await snapshot();
console.log('persons snapshot written');
