// The explorer's shell: header, navigation, search box, and the view of the current route.
import { h, notice } from './dom.js';
import { rememberSubnet, subnets } from './network_state.js';
import { currentRoute, href } from './router.js';
import { accountView } from './views/account.js';
import { blockView } from './views/block.js';
import { dataView } from './views/data.js';
import { networkView } from './views/network.js';
import { resourceView } from './views/resource.js';
import { searchView } from './views/search.js';
import { subnetView } from './views/subnet.js';
import { txView } from './views/tx.js';

const kViews = {
  network: networkView,
  subnet: subnetView,
  block: blockView,
  tx: txView,
  address: accountView,
  resource: resourceView,
  search: searchView,
  messages: (root, args) => dataView(root, args, 'messages'),
  blobs: (root, args) => dataView(root, args, 'blobs'),
};

async function missingView(root) {
  root.append(h('h1', {}, 'Not found'), notice('empty', 'The explorer has no page here.'), h('a', { href: href.network() }, 'Back to the network'));
}

const main = h('main', { id: 'view' });
const subnetNav = h('span', { class: 'subnets' });
let cleanup;
let generation = 0;

function shell() {
  const input = h('input', { type: 'search', name: 'q', placeholder: 'Block, transaction hash or address', 'aria-label': 'Search', autocomplete: 'off' });
  const form = h('form', { class: 'search', role: 'search', onsubmit: (e) => {
    e.preventDefault();
    const q = input.value.trim();
    input.value = '';
    if (q) location.hash = href.search(q);
  } }, input, h('button', { type: 'submit' }, 'Search'));
  const header = h(
    'header',
    {},
    h('a', { class: 'brand', href: href.network() }, 'Plexus explorer'),
    h('nav', {}, h('a', { href: href.network() }, 'Network'), subnetNav, h('a', { href: '#/messages' }, 'Messages'), h('a', { href: '#/blobs' }, 'Blobs')),
    form,
  );
  document.body.replaceChildren(header, main);
}

async function fillSubnetNav() {
  try {
    const all = await subnets({ fresh: true });
    subnetNav.replaceChildren(...all.map((s) => h('a', { href: href.subnet(s.name) }, s.name)));
  } catch {
    subnetNav.replaceChildren();
  }
}

async function show() {
  const mine = ++generation;
  if (cleanup) cleanup();
  cleanup = undefined;
  const route = currentRoute();
  if (['subnet', 'block', 'tx', 'address', 'resource'].includes(route.name)) rememberSubnet(route.args[0]);
  const root = h('div', { class: 'view', 'data-view': route.name });
  main.replaceChildren(root);
  window.scrollTo(0, 0);
  try {
    const stop = await (kViews[route.name] ?? missingView)(root, route.args);
    // The route changed while this view was loading: its live updates are not wanted.
    if (mine !== generation) stop?.();
    else cleanup = stop;
  } catch (e) {
    if (mine !== generation) return;
    root.append(notice('error', e.message || String(e)));
  }
  if (mine === generation) root.setAttribute('data-ready', '');
}

shell();
fillSubnetNav();
window.addEventListener('hashchange', show);
show();
