# -*- coding: utf-8 -*-

################################################################################
## Form generated from reading UI file 'village_dialog.ui'
##
##
## WARNING! All changes made in this file will be lost when recompiling UI file!
################################################################################

from PySide6.QtCore import (QCoreApplication, QDate, QDateTime, QLocale,
    QMetaObject, QObject, QPoint, QRect,
    QSize, QTime, QUrl, Qt)
from PySide6.QtGui import (QBrush, QColor, QConicalGradient, QCursor,
    QFont, QFontDatabase, QGradient, QIcon,
    QImage, QKeySequence, QLinearGradient, QPainter,
    QPalette, QPixmap, QRadialGradient, QTransform)
from PySide6.QtWidgets import (QAbstractButton, QApplication, QDialog, QDialogButtonBox,
    QFormLayout, QHBoxLayout, QLabel, QLineEdit,
    QSizePolicy, QSpacerItem, QSpinBox, QVBoxLayout,
    QWidget)

class Ui_VillageDialog(object):
    def setupUi(self, VillageDialog):
        if not VillageDialog.objectName():
            VillageDialog.setObjectName(u"VillageDialog")
        VillageDialog.resize(440, 360)
        VillageDialog.setMinimumSize(QSize(460, 0))
        self.mainLayout = QVBoxLayout(VillageDialog)
        self.mainLayout.setObjectName(u"mainLayout")
        self.formLayout = QFormLayout()
        self.formLayout.setObjectName(u"formLayout")
        self.formLayout.setLabelAlignment(Qt.AlignmentFlag.AlignRight|Qt.AlignmentFlag.AlignVCenter)
        self.nameLabel = QLabel(VillageDialog)
        self.nameLabel.setObjectName(u"nameLabel")

        self.formLayout.setWidget(0, QFormLayout.ItemRole.LabelRole, self.nameLabel)

        self.name = QLineEdit(VillageDialog)
        self.name.setObjectName(u"name")

        self.formLayout.setWidget(0, QFormLayout.ItemRole.FieldRole, self.name)

        self.townshipLabel = QLabel(VillageDialog)
        self.townshipLabel.setObjectName(u"townshipLabel")

        self.formLayout.setWidget(1, QFormLayout.ItemRole.LabelRole, self.townshipLabel)

        self.township = QLineEdit(VillageDialog)
        self.township.setObjectName(u"township")

        self.formLayout.setWidget(1, QFormLayout.ItemRole.FieldRole, self.township)

        self.branchLabel = QLabel(VillageDialog)
        self.branchLabel.setObjectName(u"branchLabel")

        self.formLayout.setWidget(2, QFormLayout.ItemRole.LabelRole, self.branchLabel)

        self.branchName = QLineEdit(VillageDialog)
        self.branchName.setObjectName(u"branchName")

        self.formLayout.setWidget(2, QFormLayout.ItemRole.FieldRole, self.branchName)

        self.secretaryLabel = QLabel(VillageDialog)
        self.secretaryLabel.setObjectName(u"secretaryLabel")

        self.formLayout.setWidget(3, QFormLayout.ItemRole.LabelRole, self.secretaryLabel)

        self.secretary = QLineEdit(VillageDialog)
        self.secretary.setObjectName(u"secretary")

        self.formLayout.setWidget(3, QFormLayout.ItemRole.FieldRole, self.secretary)

        self.phoneLabel = QLabel(VillageDialog)
        self.phoneLabel.setObjectName(u"phoneLabel")

        self.formLayout.setWidget(4, QFormLayout.ItemRole.LabelRole, self.phoneLabel)

        self.supervisionPhone = QLineEdit(VillageDialog)
        self.supervisionPhone.setObjectName(u"supervisionPhone")

        self.formLayout.setWidget(4, QFormLayout.ItemRole.FieldRole, self.supervisionPhone)

        self.linkRangeLabel = QLabel(VillageDialog)
        self.linkRangeLabel.setObjectName(u"linkRangeLabel")

        self.formLayout.setWidget(5, QFormLayout.ItemRole.LabelRole, self.linkRangeLabel)

        self.linkRangeLayout = QHBoxLayout()
        self.linkRangeLayout.setObjectName(u"linkRangeLayout")
        self.linkMin = QSpinBox(VillageDialog)
        self.linkMin.setObjectName(u"linkMin")
        self.linkMin.setMinimum(1)
        self.linkMin.setMaximum(50)
        self.linkMin.setValue(5)

        self.linkRangeLayout.addWidget(self.linkMin)

        self.linkRangeTo = QLabel(VillageDialog)
        self.linkRangeTo.setObjectName(u"linkRangeTo")

        self.linkRangeLayout.addWidget(self.linkRangeTo)

        self.linkMax = QSpinBox(VillageDialog)
        self.linkMax.setObjectName(u"linkMax")
        self.linkMax.setMinimum(1)
        self.linkMax.setMaximum(50)
        self.linkMax.setValue(10)

        self.linkRangeLayout.addWidget(self.linkMax)

        self.linkRangeUnit = QLabel(VillageDialog)
        self.linkRangeUnit.setObjectName(u"linkRangeUnit")

        self.linkRangeLayout.addWidget(self.linkRangeUnit)

        self.linkRangeSpacer = QSpacerItem(40, 10, QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Minimum)

        self.linkRangeLayout.addItem(self.linkRangeSpacer)


        self.formLayout.setLayout(5, QFormLayout.ItemRole.FieldRole, self.linkRangeLayout)

        self.gridsLabel = QLabel(VillageDialog)
        self.gridsLabel.setObjectName(u"gridsLabel")

        self.formLayout.setWidget(6, QFormLayout.ItemRole.LabelRole, self.gridsLabel)

        self.grids = QSpinBox(VillageDialog)
        self.grids.setObjectName(u"grids")
        self.grids.setMaximum(16)
        self.grids.setValue(5)

        self.formLayout.setWidget(6, QFormLayout.ItemRole.FieldRole, self.grids)


        self.mainLayout.addLayout(self.formLayout)

        self.errorLabel = QLabel(VillageDialog)
        self.errorLabel.setObjectName(u"errorLabel")
        self.errorLabel.setWordWrap(True)

        self.mainLayout.addWidget(self.errorLabel)

        self.verticalSpacer = QSpacerItem(20, 6, QSizePolicy.Policy.Minimum, QSizePolicy.Policy.Expanding)

        self.mainLayout.addItem(self.verticalSpacer)

        self.buttonBox = QDialogButtonBox(VillageDialog)
        self.buttonBox.setObjectName(u"buttonBox")
        self.buttonBox.setOrientation(Qt.Orientation.Horizontal)
        self.buttonBox.setStandardButtons(QDialogButtonBox.StandardButton.Cancel|QDialogButtonBox.StandardButton.Ok)

        self.mainLayout.addWidget(self.buttonBox)

#if QT_CONFIG(shortcut)
        self.nameLabel.setBuddy(self.name)
        self.townshipLabel.setBuddy(self.township)
        self.branchLabel.setBuddy(self.branchName)
        self.secretaryLabel.setBuddy(self.secretary)
        self.phoneLabel.setBuddy(self.supervisionPhone)
        self.linkRangeLabel.setBuddy(self.linkMin)
        self.gridsLabel.setBuddy(self.grids)
#endif // QT_CONFIG(shortcut)
        QWidget.setTabOrder(self.name, self.township)
        QWidget.setTabOrder(self.township, self.branchName)
        QWidget.setTabOrder(self.branchName, self.secretary)
        QWidget.setTabOrder(self.secretary, self.supervisionPhone)
        QWidget.setTabOrder(self.supervisionPhone, self.linkMin)
        QWidget.setTabOrder(self.linkMin, self.linkMax)
        QWidget.setTabOrder(self.linkMax, self.grids)

        self.retranslateUi(VillageDialog)
        self.buttonBox.rejected.connect(VillageDialog.reject)

        QMetaObject.connectSlotsByName(VillageDialog)
    # setupUi

    def retranslateUi(self, VillageDialog):
        VillageDialog.setWindowTitle(QCoreApplication.translate("VillageDialog", u"\u65b0\u5efa\u6751", None))
        self.nameLabel.setText(QCoreApplication.translate("VillageDialog", u"\u6751\u540d(&M)\uff1a", None))
        self.name.setPlaceholderText(QCoreApplication.translate("VillageDialog", u"\u5fc5\u586b\uff0c\u4f8b\u5982\uff1a\u674e\u5bb6\u5e84\u6751", None))
        self.townshipLabel.setText(QCoreApplication.translate("VillageDialog", u"\u6240\u5c5e\u4e61\u9547(&T)\uff1a", None))
        self.township.setPlaceholderText(QCoreApplication.translate("VillageDialog", u"\u4f8b\u5982\uff1a\u57ce\u5173\u9547", None))
        self.branchLabel.setText(QCoreApplication.translate("VillageDialog", u"\u515a\u652f\u90e8\u540d\u79f0(&B)\uff1a", None))
        self.branchName.setPlaceholderText(QCoreApplication.translate("VillageDialog", u"\u7559\u7a7a\u5219\u4e3a\u201c\u6751\u540d + \u515a\u652f\u90e8\u201d", None))
        self.secretaryLabel.setText(QCoreApplication.translate("VillageDialog", u"\u515a\u652f\u90e8\u4e66\u8bb0(&S)\uff1a", None))
        self.phoneLabel.setText(QCoreApplication.translate("VillageDialog", u"\u76d1\u7763\u7535\u8bdd(&P)\uff1a", None))
        self.supervisionPhone.setPlaceholderText(QCoreApplication.translate("VillageDialog", u"\u624b\u673a\u6216\u5e26\u533a\u53f7\u7684\u5ea7\u673a\uff0c\u4f8b\u5982 0371-66668888", None))
        self.linkRangeLabel.setText(QCoreApplication.translate("VillageDialog", u"\u6bcf\u540d\u515a\u5458\u8054\u6237(&L)\uff1a", None))
#if QT_CONFIG(tooltip)
        self.linkMin.setToolTip(QCoreApplication.translate("VillageDialog", u"\u6bcf\u540d\u515a\u5458\u6700\u5c11\u8054\u7cfb\u7684\u6237\u6570", None))
#endif // QT_CONFIG(tooltip)
        self.linkRangeTo.setText(QCoreApplication.translate("VillageDialog", u"\u81f3", None))
#if QT_CONFIG(tooltip)
        self.linkMax.setToolTip(QCoreApplication.translate("VillageDialog", u"\u6bcf\u540d\u515a\u5458\u6700\u591a\u8054\u7cfb\u7684\u6237\u6570\uff1a\u7f51\u683c\u56fe\u62d6\u5165\u5df2\u6ee1\u7684\u515a\u5458\u65f6\u5148\u8be2\u95ee", None))
#endif // QT_CONFIG(tooltip)
        self.linkRangeUnit.setText(QCoreApplication.translate("VillageDialog", u"\u6237", None))
        self.gridsLabel.setText(QCoreApplication.translate("VillageDialog", u"\u7f51\u683c\u6570(&G)\uff1a", None))
        self.grids.setSuffix(QCoreApplication.translate("VillageDialog", u" \u4e2a\uff08\u4e00\u7ec4\u3001\u4e8c\u7ec4\u2026\u2026\uff09", None))
    # retranslateUi

