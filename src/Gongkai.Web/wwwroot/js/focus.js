// Moves the focus, once the page is there, to what the person must hear first: the error summary of a refused form,
// the result of a lookup (an element marked data-focus-on-load). A page sent back by the server is not a change to a
// live region, so role="alert" alone may go unread; the focus also puts the keyboard where the work continues.
(() => {
    document.querySelector('[data-focus-on-load]')?.focus();
    // A link of an error summary focuses its field, with the field's label scrolled into view above it: the label
    // says what the field is for, which a field scrolled to the window's top edge would hide.
    document.addEventListener('click', event => {
        const link = event.target.closest('.error-summary a[href^="#"]');
        const field = link && document.getElementById(link.getAttribute('href').slice(1));
        if (!field) { return; }
        event.preventDefault();
        (document.querySelector(`label[for="${field.id}"]`) ?? field).scrollIntoView();
        field.focus({ preventScroll: true });
    });
})();
