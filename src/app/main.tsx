// Entry of the first-load shell. Keep it tiny: screens are lazy-loaded.
import { render } from 'preact';

render(<main>Jejaring</main>, document.getElementById('app')!);
