// Offers only the identity documents the chosen applicant category may give (条例 第二十九条第一项);
// the server checks the same rule, so this only saves a wrong choice.
(() => {
    const category = document.getElementById('Category');
    const idType = document.getElementById('IdType');
    if (!category || !idType) { return; }
    const sync = () => {
        for (const option of idType.options) {
            const allowed = option.dataset.categories.split(' ').includes(category.value);
            option.hidden = !allowed;
            option.disabled = !allowed;
        }
        if (idType.selectedOptions[0]?.disabled) {
            const first = [...idType.options].find(o => !o.disabled);
            if (first) { idType.value = first.value; }
        }
    };
    category.addEventListener('change', sync);
    sync();
})();
