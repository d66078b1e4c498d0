/** Strings of the Electron shell: the checked link opener and start-up failures. */
export const shell = {
  'zh-CN': {
    shell: {
      errors: {
        unsafeLink: '出于安全考虑，只能在浏览器中打开 http(s) 公网链接',
        startFailed: '群管工作台无法启动',
      },
    },
  },
  en: {
    shell: {
      errors: {
        unsafeLink: 'For safety, only public http(s) links can be opened in the browser.',
        startFailed: 'QunDesk could not start',
      },
    },
  },
};
