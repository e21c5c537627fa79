// The print layout's button (a file, not inline script, so a strict Content-Security-Policy can forbid inline code).
document.getElementById('print-now')?.addEventListener('click', () => window.print());
