// Import circles in src/ and webview/ (#12), type-only imports included: a circle makes two files one
// unit that cannot be read, tested or moved apart. Run by `npm run lint`. KNOWN lists the circles that
// still exist; whoever breaks one removes it (the list may only shrink).
import madge from 'madge';

const KNOWN = new Set([]);

const res = await madge(['src', 'webview'], { fileExtensions: ['ts'], tsConfig: 'tsconfig.json', baseDir: '.' });
const found = res.circular().map((c) =>
  c
    .join(' > ')
    .replace(/^src\//, '')
    .replace(/ > src\//g, ' > '),
);
const fresh = found.filter((c) => !KNOWN.has(c));
const gone = [...KNOWN].filter((c) => !found.includes(c));
for (const c of fresh) console.error(`import circle: ${c}`);
for (const c of gone) console.error(`import circle ${c} is gone: remove it from KNOWN in scripts/check-cycles.mjs`);
if (fresh.length > 0 || gone.length > 0) process.exit(1);
console.log(`no new import circles (${found.length} known ones left)`);
