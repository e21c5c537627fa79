// The 大字版 switch of the public pages (适老化): larger text and spacing at once, remembered in a cookie that the
// server reads (Features/Portal/TextSize.cs), so every later page and a reload arrive already large, without a flash.
(() => {
    const button = document.getElementById('text-size');
    if (!button) { return; }
    // The button is sent hidden: without this script it could do nothing.
    button.hidden = false;
    button.addEventListener('click', () => {
        const large = button.getAttribute('aria-pressed') !== 'true';
        document.documentElement.classList.toggle('large-text', large);
        button.setAttribute('aria-pressed', large ? 'true' : 'false');
        const secure = location.protocol === 'https:' ? '; Secure' : '';
        document.cookie = 'gongkai-text-size=' + (large ? 'large; max-age=31536000' : '; max-age=0') + '; path=/; SameSite=Lax' + secure;
    });
})();
