// The admin console's entry: renders the app into the page's #app.
import './console.css';
import { html } from 'htm/preact';
import { render } from 'preact';
import { App } from './app';

const root = document.getElementById('app');
if (root) render(html`<${App} />`, root);
