/** Entry QR code images: errors, audit labels and the QR panel's image strings. */
export const admissionQrImages = {
  'zh-CN': {
    qrcodes: {
      errors: {
        imageEmpty: '图片文件是空的，请重新选择',
        imageTooLarge: '图片有 {{size}} KB，超过了 {{max}} KB 的上限；请截取二维码部分或压缩后再上传',
        imageType: '只能上传 PNG 或 JPEG 图片（按文件内容判断，不看扩展名）',
      },
    },
    audit: {
      actions: {
        'attach-qr-image': '上传入群二维码图片',
        'remove-qr-image': '删除入群二维码图片',
      },
    },
    groupsUi: {
      qr: {
        image: '二维码图片',
        attachImage: '上传图片',
        replaceImage: '更换图片',
        removeImage: '删除图片',
        imageAttached: '已保存二维码图片',
        imageRemoved: '已删除二维码图片',
        noImage: '未上传图片',
        enlarge: '查看大图',
        imageHint: 'PNG 或 JPEG，不超过 {{max}} KB',
        imageMeta: '{{name}} · {{size}} KB · {{operator}} 于 {{date}} 上传',
      },
    },
  },
  en: {
    qrcodes: {
      errors: {
        imageEmpty: 'The image file is empty; pick it again',
        imageTooLarge:
          'The image is {{size}} KB, over the {{max}} KB limit; crop it to the code or compress it',
        imageType: 'Only PNG or JPEG images can be attached (judged by the file content, not its extension)',
      },
    },
    audit: {
      actions: {
        'attach-qr-image': 'Attach entry QR code image',
        'remove-qr-image': 'Remove entry QR code image',
      },
    },
    groupsUi: {
      qr: {
        image: 'QR image',
        attachImage: 'Attach image',
        replaceImage: 'Replace image',
        removeImage: 'Remove image',
        imageAttached: 'QR code image saved',
        imageRemoved: 'QR code image removed',
        noImage: 'No image',
        enlarge: 'View large',
        imageHint: 'PNG or JPEG, up to {{max}} KB',
        imageMeta: '{{name}} · {{size}} KB · attached by {{operator}} on {{date}}',
      },
    },
  },
};
