// Asks before a step that cannot be taken back (作废, 撤回附件, 停用, 重置密码, 转交): a button or form carrying
// data-confirm submits only after the person agrees. Without script the step still works, as before.
document.addEventListener('click', function (event) {
  // An empty question (an ordinary step whose button shares the markup) asks nothing.
  var button = event.target.closest('button[data-confirm]:not([data-confirm=""])');
  if (button && !window.confirm(button.getAttribute('data-confirm'))) {
    event.preventDefault();
  }
});
