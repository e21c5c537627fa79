// Checks the text as it is typed: the same checker as at publication, nothing saved.
(() => {
    const form = document.getElementById('report-form');
    const live = document.getElementById('live-findings');
    let timer;
    // “采用草稿” puts the drafted paragraph into the field (replacing what is there) and checks it.
    for (const button of document.querySelectorAll('.use-draft')) {
        button.addEventListener('click', () => {
            const field = document.getElementById('section-' + button.dataset.section);
            field.value = document.getElementById('draft-' + button.dataset.section).textContent.trim();
            field.dispatchEvent(new Event('input', { bubbles: true }));
        });
    }
    form.addEventListener('input', () => {
        clearTimeout(timer);
        timer = setTimeout(async () => {
            const response = await fetch('?handler=Check', { method: 'POST', body: new FormData(form) });
            if (!response.ok) { return; }
            const findings = await response.json();
            live.replaceChildren();
            const heading = document.createElement('p');
            heading.textContent = findings.length === 0 ? '当前内容未发现问题。' : '当前内容（尚未保存）的检查结果：';
            live.append(heading);
            const list = document.createElement('ul');
            for (const f of findings) {
                const item = document.createElement('li');
                item.textContent = `[${f.severity}] ${f.message}${f.location ? '（' + f.location + '）' : ''}`;
                if (f.severity === '错误') { item.className = 'message'; }
                list.append(item);
            }
            live.append(list);
        }, 500);
    });
})();
